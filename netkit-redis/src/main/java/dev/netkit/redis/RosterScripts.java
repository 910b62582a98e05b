package dev.netkit.redis;

/**
 * The Lua scripts of {@link RedisRoster}: each step that must be atomic runs in Redis as one
 * script. Keys of the room are built inside the scripts from the prefix, so a room lives on one
 * Redis server (or one primary), not across a Redis Cluster's slots.
 */
final class RosterScripts {

    private RosterScripts() {
    }

    /**
     * Claim a name. KEYS: nick, members. ARGV: node id, ttl ms, key, name, members ttl ms, prefix.
     * Returns "" when claimed, else the name as its holder wrote it.
     */
    static final String CLAIM = """
            if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
              redis.call('HSET', KEYS[2], ARGV[3], ARGV[4])
              redis.call('PEXPIRE', KEYS[2], ARGV[5])
              return ''
            end
            local holder = redis.call('GET', KEYS[1])
            return redis.call('HGET', ARGV[6] .. 'members:' .. holder, ARGV[3]) or ARGV[4]
            """;

    /**
     * Move a claim from one name to another (or change its case). KEYS: nick to, nick from,
     * members. ARGV: node id, ttl ms, key to, name to, key from, members ttl ms, prefix. Returns ""
     * when done, else the name that holds the new one, as its holder wrote it.
     */
    static final String RENAME = """
            if KEYS[1] ~= KEYS[2] then
              if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
                local holder = redis.call('GET', KEYS[1])
                return redis.call('HGET', ARGV[7] .. 'members:' .. holder, ARGV[3]) or ARGV[4]
              end
              if redis.call('GET', KEYS[2]) == ARGV[1] then
                redis.call('DEL', KEYS[2])
              end
              redis.call('HDEL', KEYS[3], ARGV[5])
            end
            redis.call('HSET', KEYS[3], ARGV[3], ARGV[4])
            redis.call('PEXPIRE', KEYS[3], ARGV[6])
            return ''
            """;

    /** Release a name held by this node. KEYS: nick, members. ARGV: node id, key. */
    static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              redis.call('DEL', KEYS[1])
            end
            redis.call('HDEL', KEYS[2], ARGV[2])
            return ''
            """;

    /**
     * Renew a node from its own list of names: its marker, its member hash (written anew, so that a
     * Redis that lost its data learns them again) and each name's claim, unless another node took
     * the name meanwhile. KEYS: nodes, node, members. ARGV: node id, ttl ms, members ttl ms,
     * prefix, then key and name for each name. Returns the names it could not renew.
     */
    static final String HEARTBEAT = """
            redis.call('SADD', KEYS[1], ARGV[1])
            redis.call('SET', KEYS[2], '1', 'PX', ARGV[2])
            redis.call('DEL', KEYS[3])
            local lost = {}
            for i = 5, #ARGV, 2 do
              local nick = ARGV[4] .. 'nick:' .. ARGV[i]
              local holder = redis.call('GET', nick)
              if holder == false or holder == ARGV[1] then
                redis.call('SET', nick, ARGV[1], 'PX', ARGV[2])
                redis.call('HSET', KEYS[3], ARGV[i], ARGV[i + 1])
              else
                lost[#lost + 1] = ARGV[i + 1]
              end
            end
            redis.call('PEXPIRE', KEYS[3], ARGV[3])
            return lost
            """;

    /** Every name of every live node. KEYS: nodes. ARGV: prefix. */
    static final String NAMES = """
            local out = {}
            for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do
              if redis.call('EXISTS', ARGV[1] .. 'node:' .. id) == 1 then
                for _, name in ipairs(redis.call('HVALS', ARGV[1] .. 'members:' .. id)) do
                  out[#out + 1] = name
                end
              end
            end
            return out
            """;

    /** How many names the live nodes hold, without sending them. KEYS: nodes. ARGV: prefix. */
    static final String COUNT = """
            local n = 0
            for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do
              if redis.call('EXISTS', ARGV[1] .. 'node:' .. id) == 1 then
                n = n + redis.call('HLEN', ARGV[1] .. 'members:' .. id)
              end
            end
            return n
            """;

    /**
     * Take over the members of dead nodes: each node of the set whose marker has lapsed is removed
     * from it by exactly one caller, which gets its names back; their claims and its hash are
     * deleted. KEYS: nodes. ARGV: prefix, this node's id. Returns the names, as written.
     */
    static final String REAP = """
            local out = {}
            for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do
              if id ~= ARGV[2] and redis.call('EXISTS', ARGV[1] .. 'node:' .. id) == 0 then
                redis.call('SREM', KEYS[1], id)
                local members = ARGV[1] .. 'members:' .. id
                local kv = redis.call('HGETALL', members)
                for i = 1, #kv, 2 do
                  local nick = ARGV[1] .. 'nick:' .. kv[i]
                  if redis.call('GET', nick) == id then
                    redis.call('DEL', nick)
                  end
                  out[#out + 1] = kv[i + 1]
                end
                redis.call('DEL', members)
              end
            end
            return out
            """;

    /** A node leaves: its marker, hash and claims go. KEYS: nodes, node, members. ARGV: node id, prefix. */
    static final String LEAVE = """
            redis.call('SREM', KEYS[1], ARGV[1])
            redis.call('DEL', KEYS[2])
            for _, key in ipairs(redis.call('HKEYS', KEYS[3])) do
              local nick = ARGV[2] .. 'nick:' .. key
              if redis.call('GET', nick) == ARGV[1] then
                redis.call('DEL', nick)
              end
            end
            redis.call('DEL', KEYS[3])
            return ''
            """;
}
