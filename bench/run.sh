#!/usr/bin/env bash
# netkit's benchmark suite: netkit's raw echo server against a Netty 4.2 epoll echo server and
# Node.js's `net` echo, side by side in one run, with `netkit bench` as the load generator.
#
#   bench/run.sh                       the whole suite: about 30 minutes on 2 CPUs (half of it TLS)
#   bench/run.sh --quick               one short run of each workload, to try the suite out
#   bench/run.sh --transports "nio epoll" --tests "pp64 pp1000" --reps 5
#   bench/run.sh --peers "netty node c"   also the C epoll echo: the floor, and netkit bench's ceiling
#   bench/run.sh --quick --tests "tls1 tlshs"   only the TLS workloads, briefly
#
# Servers run on CPU 0 and the load on CPU 1 (taskset), so neither steals the other's core.
# Workloads: pp1 pp64 pp1000 (ping-pong 64 B at 1, 64, 1,000 connections), st1 st8 (stream
# 64 KiB chunks at 1 and 8 connections), rate5k rate20k (ping-pong 64 B at 64 connections paced at
# 5,000 and 20,000 messages/s in all: the server's CPU per message, from /proc, and latency from
# when each message was due), ratehalf (the same at half of each server's own peak, measured just
# before as ratepeak: closed-loop ping-pong at 64 connections), idle (server RSS per idle connection at IDLE_CONNS
# connections, a fresh server each run), idlemax (as many idle connections as the descriptor
# limit allows, once), idlechat (server RSS per silent chat member at IDLE_CONNS members, held
# IDLECHAT_HOLD seconds so that netkit's join notices, one to every member per arrival, are all
# out first: netkit serve chat, the same with --no-join-notices, and the Netty and Node chats of
# the fanout row), fanout (chat fan-out: each server as a chat room of FANOUT_MEMBERS members,
# FANOUT_SENDERS of which send 64-byte lines; deliveries per second), cluster (the same room over
# three `netkit serve chat --cluster` nodes on one redis-server, members and senders spread over
# the nodes: a column of its own beside the single node's fanout figures; needs redis-server),
# fanoutrate and clusterrate (the same two rooms, FANOUT_RATE_MEMBERS members of which
# FANOUT_SENDERS send FANOUT_RATE messages a second in all on a fixed schedule: latency from when
# each message was due, the cluster's cross-node deliveries apart, and how far the schedule slipped).
# Each throughput number is the
# median of REPS runs, the servers taking turns within each repetition. Everything talks over
# loopback only; every run is bounded in time.
# TLS workloads, against the same servers started with TLS (one self-signed certificate made by
# `netkit cert` per run; Netty on the JDK's SSLEngine, Node on OpenSSL; no C peer): tls1 tls8
# (stream 64 KiB chunks at 1 and 8 connections), tlspp64 (ping-pong 64 B at 64 connections) and
# tlshs (full handshakes per second, 4 at a time, no session resumption). They warm up for
# TLS_WARMUP seconds: the JDK's TLS code in a fresh netkit bench takes that long to be compiled.
# tlsidle: server RSS per idle TLS connection at TLS_IDLE_CONNS connections (a full handshake and
# one echo each, then held), a fresh server each run, as idle does.
# The idle rows (idle, idlemax, idlechat, tlsidle) report two figures per connection: the average,
# (RSS at the end - RSS before) / connections, and the marginal cost, what each further connection
# adds: netkit bench opens the first half, waits for the server's RSS to hold steady (at most
# SETTLE seconds) and samples it, then opens the second half; (RSS at the end - that sample) /
# the second half's connections. The average carries what a server spends once whatever the count
# (a JVM's young generation that idlechat's join notices run through, compiled code); the marginal
# figure leaves that out.
# Proxy workloads: the load through a TCP forwarder to netkit's raw echo (epoll), the forwarder
# being `netkit relay tcp-listen tcp` (epoll, splicing), socat (TCP-LISTEN,fork) or HAProxy in TCP
# mode, each on the server CPU, the echo on BACKEND_CPU: pxpp64 (ping-pong 64 B at 64
# connections), pxst1 pxst8 (stream 64 KiB chunks at 1 and 8 connections); and a TLS terminator in
# front of the same echo, `netkit relay tls-listen` against HAProxy's `ssl crt` (socat sits it
# out): pxtlspp64 pxtls1 pxtls8. The forwarder's CPU counts its children (socat forks one per
# connection). FORWARDERS picks among "netkit socat haproxy".
# Writes bench/results/raw.jsonl and bench/results/latest.md, and prints the table.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")

REPS=${REPS:-3}
DURATION=${DURATION:-5}          # seconds measured per run
WARMUP=${WARMUP:-2}              # seconds of load before each measurement (JIT of both sides)
TLS_WARMUP=${TLS_WARMUP:-8}      # the same for the TLS workloads
TESTS=${TESTS:-"pp1 pp64 pp1000 st1 st8 rate5k rate20k ratehalf idle idlemax idlechat tls1 tls8 tlspp64 tlshs tlsidle fanout fanoutrate cluster clusterrate pxpp64 pxst1 pxst8 pxtlspp64 pxtls1 pxtls8"}
FORWARDERS=${FORWARDERS:-"netkit socat haproxy"}
TRANSPORTS=${TRANSPORTS:-"epoll nio"}   # netkit transports to compare side by side (the first is the default one)
PEERS=${PEERS:-"netty node"}      # add "c" for the C epoll floor (c-echo/c-echo.c, needs cc)
IDLE_CONNS=${IDLE_CONNS:-10000}
IDLE_HOLD=${IDLE_HOLD:-5}
TLS_IDLE_CONNS=${TLS_IDLE_CONNS:-2000}
IDLECHAT_HOLD=${IDLECHAT_HOLD:-60}
SETTLE=${SETTLE:-30}             # idle rows: the longest wait for the server's RSS to hold steady half-way
FANOUT_MEMBERS=${FANOUT_MEMBERS:-1000}
FANOUT_SENDERS=${FANOUT_SENDERS:-10}
FANOUT_RATE=${FANOUT_RATE:-10000}          # fanoutrate, clusterrate: messages per second in all
FANOUT_RATE_MEMBERS=${FANOUT_RATE_MEMBERS:-100}   # at 10,000 a second, about 1 million deliveries a second
SERVER_CPU=${SERVER_CPU:-0}
LOAD_CPU=${LOAD_CPU:-1}
BACKEND_CPU=${BACKEND_CPU:-}    # the proxy workloads' echo server; default CPU 2, or the load's CPU with fewer
BASE_PORT=${BASE_PORT:-9310}
OUT=${OUT:-$here/results}

while [ $# -gt 0 ]; do
  case $1 in
    --quick) REPS=1; DURATION=2; WARMUP=1; IDLE_HOLD=2; IDLECHAT_HOLD=5; TLS_WARMUP=2; TLS_IDLE_CONNS=200; SETTLE=5 ;;
    --reps) REPS=$2; shift ;;
    --duration) DURATION=$2; shift ;;
    --tests) TESTS=$2; shift ;;
    --transports) TRANSPORTS=$2; shift ;;
    --peers) PEERS=$2; shift ;;
    --forwarders) FORWARDERS=$2; shift ;;
    --idle-connections) IDLE_CONNS=$2; shift ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "run.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
  shift
done

say() { echo "== $*" >&2; }

# A JDK 21+ for Netty, the same the launcher would pick for netkit: JAVA_HOME first, else the newest.
# shellcheck source=bench/find-java.sh
. "$here/find-java.sh"

JAVA=$(find_java) || { echo "run.sh: needs a JDK 21 or newer (set JAVA_HOME)" >&2; exit 1; }
command -v taskset >/dev/null || { echo "run.sh: needs taskset (util-linux)" >&2; exit 1; }
command -v python3 >/dev/null || { echo "run.sh: needs python3 for the table" >&2; exit 1; }
case " $PEERS " in *" node "*) command -v node >/dev/null || { echo "run.sh: needs node, or --peers netty" >&2; exit 1; } ;; esac
case " $PEERS " in *" c "*) command -v cc >/dev/null || { echo "run.sh: the c peer needs a C compiler (cc)" >&2; exit 1; } ;; esac
[ "$(nproc)" -ge 2 ] || { say "fewer than 2 CPUs: server and load share one"; LOAD_CPU=$SERVER_CPU; }
if [ -z "$BACKEND_CPU" ]; then if [ "$(nproc)" -ge 3 ]; then BACKEND_CPU=2; else BACKEND_CPU=$LOAD_CPU; fi; fi
# Every connection is a descriptor on each side: take what the hard limit allows.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
FD_LIMIT=$(ulimit -n)
IDLE_MAX=${IDLE_MAX:-$((FD_LIMIT - 500))}

mkdir -p "$OUT/logs"
RAW=$OUT/raw.jsonl
: > "$RAW"

say "building netkit and the Netty echo server"
(cd "$root" && JAVA_HOME=$(dirname "$(dirname "$JAVA")") ./mvnw -q -B -DskipTests package) > "$OUT/logs/build.log" 2>&1 \
  || { tail -30 "$OUT/logs/build.log" >&2; exit 1; }
if [[ " $PEERS " == *" netty "* ]]; then
  (cd "$here/netty-echo" && "$root/mvnw" -q -B package) > "$OUT/logs/build-netty.log" 2>&1 \
    || { tail -30 "$OUT/logs/build-netty.log" >&2; exit 1; }
fi
if [[ " $PEERS " == *" c "* ]]; then
  cc -O2 -o "$OUT/c-echo" "$here/c-echo/c-echo.c"
fi
NETKIT=${NETKIT:-$root/netkit}  # another build of netkit, to compare two
NETTY_CP="$here/netty-echo/target/netty-echo.jar:$here/netty-echo/target/lib/*"

SERVERS=()
for t in $TRANSPORTS; do SERVERS+=("netkit-$t"); done
for p in $PEERS; do SERVERS+=("$p"); done
declare -A PORT PID CPU_OF
i=0
for s in "${SERVERS[@]}"; do PORT[$s]=$((BASE_PORT + i)); i=$((i + 1)); done

# The command line of each server; every one runs with its defaults, as a user would start it.
server_cmd() {
  local s=$1 port=${PORT[$1]}
  case $s in
    netkit-*) echo "$NETKIT serve echo --raw --port $port --transport ${s#netkit-} --max-connections $((FD_LIMIT + 1000)) --idle-timeout 0" ;;
    netty) echo "$JAVA --enable-native-access=ALL-UNNAMED -cp $NETTY_CP dev.netkit.bench.NettyEcho $port" ;;
    node) echo "node $here/node-echo.js $port" ;;
    c) echo "$OUT/c-echo $port" ;;
  esac
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start_server() {  # NAME [COMMAND [LOG-TAG]] -> PID[NAME], or a note in the results when it cannot start
  local s=$1 port=${PORT[$1]} cmd=${2:-} log=$OUT/logs/server-$1${3:+-$3}.log cpu=${CPU_OF[$1]:-$SERVER_CPU}
  if port_open "$port"; then echo "run.sh: port $port is taken; set BASE_PORT" >&2; exit 1; fi
  [ -n "$cmd" ] || cmd=$(server_cmd "$s")
  echo "$(date +%T) start $s: taskset -c $cpu $cmd" >> "$OUT/logs/commands.txt"
  # shellcheck disable=SC2086  # the command is split into words on purpose
  taskset -c "$cpu" $cmd > "$log" 2>&1 &
  PID[$s]=$!
  for _ in $(seq 150); do
    port_open "$port" && return 0
    kill -0 "${PID[$s]}" 2>/dev/null || break
    sleep 0.2
  done
  say "$s did not start: $(tail -2 "$log" | tr '\n' ' ')"
  kill "${PID[$s]}" 2>/dev/null || true
  unset "PID[$s]"
  return 1
}

stop_server() {
  local s=$1 p=${PID[$1]:-}
  [ -n "$p" ] || return 0
  kill "$p" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$p" 2>/dev/null || true
  wait "$p" 2>/dev/null || true
  unset "PID[$s]"
}

cleanup() { for s in "${!PID[@]}"; do stop_server "$s"; done; }
trap cleanup EXIT
trap 'exit 130' INT TERM

# CPU ticks of a process and of its children: those it has reaped, and those still running (or
# not reaped yet), so that a forking server (socat) is charged for the connections it forked.
cpu_ticks() {
  local p=$1 c total
  total=$(awk '{print $14 + $15 + $16 + $17}' "/proc/$p/stat" 2>/dev/null || echo 0)
  for c in $(cat /proc/"$p"/task/*/children 2>/dev/null); do
    total=$((total + $(awk '{print $14 + $15}' "/proc/$c/stat" 2>/dev/null || echo 0)))
  done
  echo "$total"
}

# bench TEST SERVER REP ARGS... : one run of netkit bench on the load CPU, one JSON line in RAW.
bench() {
  local t=$1 s=$2 rep=$3; shift 3
  local p=${PID[$s]:-} out t0 t1 w0 w1 cpu=-1 hz
  LAST_BENCH=null
  if [ -z "$p" ]; then
    printf '{"test":"%s","server":"%s","rep":%s,"note":"server not running"}\n' "$t" "$s" "$rep" >> "$RAW"
    return
  fi
  hz=$(getconf CLK_TCK)
  t0=$(cpu_ticks "$p"); w0=$(date +%s%N)
  # The bound: the run's own duration plus a generous margin for start-up and connecting.
  out=$(timeout 300 taskset -c "$LOAD_CPU" "$NETKIT" bench "$@" --json -q 2>> "$OUT/logs/bench.log") || true
  t1=$(cpu_ticks "$p"); w1=$(date +%s%N)
  cpu=$(( (t1 - t0) * 100 * 1000000000 / hz / (w1 - w0 + 1) ))
  [ -n "$out" ] || out=null
  LAST_BENCH=$out
  printf '{"test":"%s","server":"%s","rep":%s,"server_cpu_pct":%s,"bench":%s}\n' "$t" "$s" "$rep" "$cpu" "$out" >> "$RAW"
  python3 - "$t" "$s" "$rep" "$out" <<'PY' >&2
import json, sys
t, s, rep, out = sys.argv[1:5]
b = json.loads(out) if out != "null" else None
def marginal(b):
    m = b.get("marginal_kib_per_connection")
    return "" if m is None else f", marginal {m:.1f} KiB"
if not b:
    print(f"   {t:8} {s:14} run {rep}: no result (see results/logs/bench.log)")
elif b["mode"] == "connect":
    print(f"   {t:8} {s:14} run {rep}: {b['operations_per_s']:,.0f} {'handshakes' if b.get('tls') else 'connections'}/s, "
          f"p99 {b['latency_us']['p99']:.0f} us")
elif b["mode"] == "idle" and t == "idlechat":
    print(f"   {t:8} {s:14} run {rep}: {b['open_at_end']:,} of {b['connections']:,} members held, "
          f"{b['server_bytes_per_connection'] / 1024:.1f} KiB per member{marginal(b)}")
elif b["mode"] == "idle":
    print(f"   {t:8} {s:14} run {rep}: {b['answered']:,} of {b['connections']:,} answered, "
          f"{b['server_bytes_per_connection'] / 1024:.1f} KiB per connection{marginal(b)}")
elif b["mode"] == "stream":
    print(f"   {t:8} {s:14} run {rep}: {b['mb_per_s']:,.1f} MB/s")
elif b["mode"] == "fanout" and b.get("rate"):
    cross = f", cross-node p99 {b['cross_node_latency_us']['p99']:.0f} us" if b.get("nodes", 1) > 1 else ""
    print(f"   {t:8} {s:14} run {rep}: {b['messages_per_s']:,.0f} of {b['rate']:,} messages/s "
          f"({'on schedule' if b['on_schedule'] else str(b['late']) + ' late, ' + str(b['behind']) + ' behind'}), "
          f"{b['deliveries_per_s']:,.0f} deliveries/s, p99 {b['latency_us']['p99']:.0f} us{cross}")
elif b["mode"] == "fanout":
    print(f"   {t:8} {s:14} run {rep}: {b['deliveries_per_s']:,.0f} deliveries/s, p99 {b['latency_us']['p99']:.0f} us")
elif b.get("rate"):
    print(f"   {t:8} {s:14} run {rep}: {b['operations_per_s']:,.0f} of {b['rate']:,} messages/s, "
          f"{b['server_cpu_us_per_op']:.1f} us server CPU per message, p99 {b['latency_us']['p99']:.0f} us")
else:
    print(f"   {t:8} {s:14} run {rep}: {b['operations_per_s']:,.0f} round trips/s, p99 {b['latency_us']['p99']:.0f} us")
PY
}

load_args() {  # TEST PORT PID -> netkit bench arguments
  local port=$2 paced="-c 64 -s 64 --server-pid $3"
  case $1 in
    pp1) echo "pingpong $port -c 1 -s 64" ;;
    pp64) echo "pingpong $port -c 64 -s 64" ;;
    pp1000) echo "pingpong $port -c 1000 -s 64 --source-addresses 4" ;;
    st1) echo "stream $port -c 1 -s 64k" ;;
    st8) echo "stream $port -c 8 -s 64k" ;;
    rate5k) echo "pingpong $port $paced --rate 5000" ;;
    rate20k) echo "pingpong $port $paced --rate 20000" ;;
    ratepeak) echo "pingpong $port $paced" ;;
  esac
}

# ratehalf: the server's peak at 64 connections (recorded as ratepeak), then half of it, paced.
rate_half() {  # SERVER REP
  local s=$1 rep=$2 peak
  # shellcheck disable=SC2046
  bench ratepeak "$s" "$rep" $(load_args ratepeak "${PORT[$s]}" "${PID[$s]:-0}") -d "${DURATION}s" -w "${WARMUP}s"
  peak=$(python3 -c 'import json, sys; b = json.loads(sys.argv[1]); print(int(b["operations_per_s"]) if b and b.get("complete") else 0)' "$LAST_BENCH")
  if [ "$peak" -lt 2 ]; then
    printf '{"test":"ratehalf","server":"%s","rep":%s,"note":"no peak to take half of"}\n' "$s" "$rep" >> "$RAW"
    return
  fi
  # shellcheck disable=SC2046
  bench ratehalf "$s" "$rep" $(load_args ratepeak "${PORT[$s]}" "${PID[$s]:-0}") --rate $((peak / 2)) -d "${DURATION}s" -w "${WARMUP}s"
}

rotate() { local k=$1; shift; local a=("$@") n=$# j; for ((j = 0; j < n; j++)); do echo "${a[(j + k) % n]}"; done; }

want() { [[ " $TESTS " == *" $1 "* ]]; }

# Throughput: every server up at once, each warmed, then the repetitions, servers taking turns.
THROUGHPUT=()
for t in pp1 pp64 pp1000 st1 st8 rate5k rate20k ratehalf; do want "$t" && THROUGHPUT+=("$t"); done
if [ ${#THROUGHPUT[@]} -gt 0 ]; then
  for s in "${SERVERS[@]}"; do start_server "$s" || true; done
  for s in "${!PID[@]}"; do
    say "warming $s up"
    for w in "pingpong ${PORT[$s]} -c 64" "pingpong ${PORT[$s]} -c 1000 --source-addresses 4" "stream ${PORT[$s]} -c 8"; do
      # shellcheck disable=SC2086
      timeout 120 taskset -c "$LOAD_CPU" "$NETKIT" bench $w -d 3s -w 0 -q > /dev/null 2>> "$OUT/logs/bench.log" || true
    done
  done
  for rep in $(seq "$REPS"); do
    say "repetition $rep of $REPS"
    for t in "${THROUGHPUT[@]}"; do
      for s in $(rotate "$rep" "${SERVERS[@]}"); do
        if [ "$t" = ratehalf ]; then rate_half "$s" "$rep"; continue; fi
        # shellcheck disable=SC2046
        bench "$t" "$s" "$rep" $(load_args "$t" "${PORT[$s]}" "${PID[$s]:-0}") -d "${DURATION}s" -w "${WARMUP}s"
      done
    done
  done
  for s in "${SERVERS[@]}"; do stop_server "$s"; done
fi

# Memory: a fresh server per run, warmed with a smaller crowd first so that class loading and
# compiled code are not charged to the connections, then IDLE_CONNS connections held.
idle_run() {  # TEST REP CONNECTIONS
  local t=$1 rep=$2 n=$3 s
  for s in $(rotate "$rep" "${SERVERS[@]}"); do
    start_server "$s" || { bench "$t" "$s" "$rep"; continue; }
    timeout 120 taskset -c "$LOAD_CPU" "$NETKIT" bench idle "${PORT[$s]}" -c 2000 -d 1s -q > /dev/null 2>> "$OUT/logs/bench.log" || true
    sleep 1
    bench "$t" "$s" "$rep" idle "${PORT[$s]}" -c "$n" --source-addresses 4 -d "${IDLE_HOLD}s" --server-pid "${PID[$s]}" --settle "${SETTLE}s"
    stop_server "$s"
  done
}
if want idle; then
  for rep in $(seq "$REPS"); do say "idle connections, repetition $rep of $REPS"; idle_run idle "$rep" "$IDLE_CONNS"; done
fi
if want idlemax; then
  say "as many idle connections as $FD_LIMIT descriptors allow"
  idle_run idlemax 1 "$IDLE_MAX"
fi

# TLS: the same servers with TLS on (the C peer has none), one certificate for all, made here.
# Kept apart from the plain workloads above: its own server commands, start and warm-up.
TLS_TESTS=()
for t in tls1 tls8 tlspp64 tlshs; do want "$t" && TLS_TESTS+=("$t"); done
TLS_CERT=$OUT/tls-cert.pem
TLS_KEY=$OUT/tls-key.pem

tls_server_cmd() {  # NAME -> the command line of that server with TLS, or nothing
  local s=$1 port=${PORT[$1]}
  case $s in
    netkit-*) echo "$NETKIT serve echo --raw --port $port --transport ${s#netkit-} --max-connections $((FD_LIMIT + 1000)) --idle-timeout 0 --tls --cert $TLS_CERT --key $TLS_KEY" ;;
    netty) echo "$JAVA --enable-native-access=ALL-UNNAMED -cp $NETTY_CP dev.netkit.bench.NettyEcho $port --tls $TLS_CERT $TLS_KEY" ;;
    node) echo "node $here/node-tls-echo.js $port $TLS_CERT $TLS_KEY" ;;
  esac
}

tls_load_args() {  # TEST PORT -> netkit bench arguments; verified against the run's certificate
  local port=$2 tls="--tls --ca $TLS_CERT"
  case $1 in
    tls1) echo "stream $port -c 1 -s 64k $tls" ;;
    tls8) echo "stream $port -c 8 -s 64k $tls" ;;
    tlspp64) echo "pingpong $port -c 64 -s 64 $tls" ;;
    tlshs) echo "connect $port -c 4 $tls" ;;
  esac
}

run_tls() {
  local s t w rep servers=()
  "$NETKIT" cert --host localhost --cert "$TLS_CERT" --key "$TLS_KEY" >> "$OUT/logs/commands.txt"
  for s in "${SERVERS[@]}"; do [ -n "$(tls_server_cmd "$s")" ] && servers+=("$s"); done
  for s in "${servers[@]}"; do start_server "$s" "$(tls_server_cmd "$s")" tls || true; done
  for s in "${servers[@]}"; do
    [ -n "${PID[$s]:-}" ] || continue
    say "warming $s (TLS) up"
    for w in "stream ${PORT[$s]} -c 8" "pingpong ${PORT[$s]} -c 64" "connect ${PORT[$s]} -c 4"; do
      # shellcheck disable=SC2086
      timeout 120 taskset -c "$LOAD_CPU" "$NETKIT" bench $w --tls --ca "$TLS_CERT" -d "$((TLS_WARMUP + 1))s" -w 0 -q \
        > /dev/null 2>> "$OUT/logs/bench.log" || true
    done
  done
  for rep in $(seq "$REPS"); do
    say "TLS, repetition $rep of $REPS"
    for t in "${TLS_TESTS[@]}"; do
      for s in $(rotate "$rep" "${servers[@]}"); do
        # shellcheck disable=SC2046
        bench "$t" "$s" "$rep" $(tls_load_args "$t" "${PORT[$s]}") -d "${DURATION}s" -w "${TLS_WARMUP}s"
      done
    done
  done
  for s in "${servers[@]}"; do stop_server "$s"; done
}

# Chat fan-out: its own servers, each a chat room doing the same per line (read it, prefix the
# sender's name, write it to every other member): netkit serve chat, bench/netty-echo's NettyChat
# (writeAndFlush to each member, as Netty's own chat example does; and netty-flush, the same
# server flushing once per batch of reads, as NettyEcho does), bench/node-chat.js. There is no C
# chat: the c peer sits this one out.
fanout_cmd() {  # NAME -> the chat server's command line, or nothing
  local s=$1 port=${PORT[$1]}
  case $s in
    netkit-*) echo "$NETKIT serve chat --port $port --transport ${s#netkit-} --idle-timeout 0" ;;
    netty) echo "$JAVA --enable-native-access=ALL-UNNAMED -cp $NETTY_CP dev.netkit.bench.NettyChat $port" ;;
    netty-flush) echo "$JAVA --enable-native-access=ALL-UNNAMED -cp $NETTY_CP dev.netkit.bench.NettyChat $port flush-per-read" ;;
    node) echo "node $here/node-chat.js $port" ;;
  esac
}

fanout_load() {  # PORT -> netkit bench arguments
  echo "fanout $1 -c $FANOUT_MEMBERS --senders $FANOUT_SENDERS -s 64"
}

fanout_rate_load() {  # PORT -> netkit bench arguments of the paced rows
  echo "fanout $1 -c $FANOUT_RATE_MEMBERS --senders $FANOUT_SENDERS -s 64 --rate $FANOUT_RATE"
}

fanout_run() {
  local s rep w servers=() all=("${SERVERS[@]}")
  if [[ " $PEERS " == *" netty "* ]]; then
    all+=(netty-flush)
    PORT[netty-flush]=$((BASE_PORT + ${#SERVERS[@]}))
  fi
  for s in "${all[@]}"; do
    if [ -n "$(fanout_cmd "$s")" ]; then servers+=("$s"); fi
  done
  for s in "${servers[@]}"; do start_server "$s" "$(fanout_cmd "$s")" || true; done
  for s in "${servers[@]}"; do
    [ -n "${PID[$s]:-}" ] || continue
    say "warming $s up (chat)"
    w=$(fanout_load "${PORT[$s]}")
    # shellcheck disable=SC2086
    timeout 120 taskset -c "$LOAD_CPU" "$NETKIT" bench $w -d 3s -w 0 -q > /dev/null 2>> "$OUT/logs/bench.log" || true
  done
  for rep in $(seq "$REPS"); do
    say "chat fan-out, repetition $rep of $REPS"
    for s in $(rotate "$rep" "${servers[@]}"); do
      # shellcheck disable=SC2046
      if want fanout; then bench fanout "$s" "$rep" $(fanout_load "${PORT[$s]}") -d "${DURATION}s" -w "${WARMUP}s"; fi
      # shellcheck disable=SC2046
      if want fanoutrate; then bench fanoutrate "$s" "$rep" $(fanout_rate_load "${PORT[$s]}") -d "${DURATION}s" -w "${WARMUP}s"; fi
    done
  done
  for s in "${servers[@]}"; do stop_server "$s"; done
}
if [ ${#TLS_TESTS[@]} -gt 0 ]; then run_tls; fi

# Idle TLS connections: as idle_run, each server with TLS on and fresh per run; the crowd opens
# with a full handshake per connection, so it is smaller than the plain one.
tls_idle_run() {  # REP
  local rep=$1 s
  for s in $(rotate "$rep" "${SERVERS[@]}"); do
    [ -n "$(tls_server_cmd "$s")" ] || continue
    start_server "$s" "$(tls_server_cmd "$s")" tlsidle || { bench tlsidle "$s" "$rep"; continue; }
    timeout 120 taskset -c "$LOAD_CPU" "$NETKIT" bench idle "${PORT[$s]}" -c 200 -d 1s --tls --ca "$TLS_CERT" -q \
      > /dev/null 2>> "$OUT/logs/bench.log" || true
    sleep 1
    bench tlsidle "$s" "$rep" idle "${PORT[$s]}" -c "$TLS_IDLE_CONNS" -d "${IDLE_HOLD}s" --tls --ca "$TLS_CERT" --server-pid "${PID[$s]}" --settle "${SETTLE}s"
    stop_server "$s"
  done
}
if want tlsidle; then
  [ -f "$TLS_CERT" ] || "$NETKIT" cert --host localhost --cert "$TLS_CERT" --key "$TLS_KEY" >> "$OUT/logs/commands.txt"
  for rep in $(seq "$REPS"); do say "idle TLS connections, repetition $rep of $REPS"; tls_idle_run "$rep"; done
fi
if want fanout || want fanoutrate; then fanout_run; fi

# Idle chat members: the fanout row's chat servers (netkit's with room for IDLE_CONNS members), a
# fresh one per run, warmed with a small room first; the members send nothing.
idlechat_cmd() {  # NAME -> the chat server's command line, or nothing
  local cmd
  cmd=$(fanout_cmd "$1")
  case $1 in
    netkit-*) echo "$cmd --max-connections $((FD_LIMIT + 1000))" ;;
    *) echo "$cmd" ;;
  esac
}

idlechat_run() {  # REP
  local rep=$1 s t=${TRANSPORTS%% *}
  for s in $(rotate "$rep" "${SERVERS[@]}"); do
    [ -n "$(idlechat_cmd "$s")" ] || continue
    idlechat_one "$s" "$rep" "$(idlechat_cmd "$s")"
  done
  # netkit's room without join notices, on the first transport: the same silent members without
  # the storm of arrival notices, as the Netty room (which announces nothing) has them.
  s=netkit-$t-quiet
  PORT[$s]=$((BASE_PORT + 24))
  idlechat_one "$s" "$rep" "$NETKIT serve chat --port ${PORT[$s]} --transport $t --idle-timeout 0 --max-connections $((FD_LIMIT + 1000)) --no-join-notices"
}
idlechat_one() {  # NAME REP COMMAND: warm the room up with 500 members, then measure IDLE_CONNS of them
  local s=$1 rep=$2
  start_server "$s" "$3" chat || { bench idlechat "$s" "$rep"; return; }
  timeout 120 taskset -c "$LOAD_CPU" "$NETKIT" bench idle "${PORT[$s]}" -c 500 -s 0 -d 1s -q > /dev/null 2>> "$OUT/logs/bench.log" || true
  sleep 2
  bench idlechat "$s" "$rep" idle "${PORT[$s]}" -c "$IDLE_CONNS" -s 0 --source-addresses 4 -d "${IDLECHAT_HOLD}s" --server-pid "${PID[$s]}" --settle "${SETTLE}s"
  stop_server "$s"
}
if want idlechat; then
  for rep in $(seq "$REPS"); do say "idle chat members, repetition $rep of $REPS"; idlechat_run "$rep"; done
fi

# Proxies: one echo behind every forwarder; each forwarder as a user would start it for speed.
PROXY_TESTS=()
for t in pxpp64 pxst1 pxst8 pxtlspp64 pxtls1 pxtls8; do want "$t" && PROXY_TESTS+=("$t"); done

forwarder_cmd() {  # NAME TLS(0|1) -> the forwarder's command line, or nothing (no TLS for socat)
  local f=$1 tls=$2 port=${PORT[$1]} echo_port=${PORT[px-echo]}
  case $f:$tls in
    fwd-netkit:0) echo "$NETKIT relay --transport epoll --max-connections $((FD_LIMIT + 1000)) --idle-timeout 0 tcp-listen:127.0.0.1:$port tcp:127.0.0.1:$echo_port" ;;
    fwd-netkit:1) echo "$NETKIT relay --transport epoll --max-connections $((FD_LIMIT + 1000)) --idle-timeout 0 tls-listen:127.0.0.1:$port,cert=$TLS_CERT,key=$TLS_KEY tcp:127.0.0.1:$echo_port" ;;
    fwd-socat:0) echo "socat TCP-LISTEN:$port,bind=127.0.0.1,fork,reuseaddr,backlog=1024 TCP:127.0.0.1:$echo_port" ;;
    fwd-haproxy:*) haproxy_config "$port" "$echo_port" "$tls"; echo "haproxy -db -f $PROXY_DIR/haproxy-$tls.cfg" ;;
  esac
}

haproxy_config() {  # PORT ECHO-PORT TLS -> writes the config for one HAProxy in TCP mode
  local bind="bind 127.0.0.1:$1"
  if [ "$3" = 1 ]; then
    cat "$TLS_CERT" "$TLS_KEY" > "$PROXY_DIR/haproxy.pem"
    bind="$bind ssl crt $PROXY_DIR/haproxy.pem"
  fi
  cat > "$PROXY_DIR/haproxy-$3.cfg" <<CFG
global
    maxconn $(((FD_LIMIT - 200) / 2))
    nbthread 1
defaults
    mode tcp
    timeout connect 5s
    timeout client 1h
    timeout server 1h
frontend relay
    $bind
    default_backend echo
backend echo
    server echo 127.0.0.1:$2
CFG
}

proxy_load_args() {  # TEST PORT -> netkit bench arguments
  local port=$2 tls="--tls --ca $TLS_CERT"
  case $1 in
    pxpp64) echo "pingpong $port -c 64 -s 64" ;;
    pxst1) echo "stream $port -c 1 -s 64k" ;;
    pxst8) echo "stream $port -c 8 -s 64k" ;;
    pxtlspp64) echo "pingpong $port -c 64 -s 64 $tls" ;;
    pxtls1) echo "stream $port -c 1 -s 64k $tls" ;;
    pxtls8) echo "stream $port -c 8 -s 64k $tls" ;;
  esac
}

proxy_run() {  # TLS(0|1) TEST...
  local tls=$1 f s t w rep fwds=() tests=(); shift
  for t in "$@"; do tests+=("$t"); done
  [ ${#tests[@]} -gt 0 ] || return 0
  for f in $FORWARDERS; do [ -n "$(forwarder_cmd "fwd-$f" "$tls")" ] && fwds+=("fwd-$f"); done
  for s in "${fwds[@]}"; do start_server "$s" "$(forwarder_cmd "$s" "$tls")" "tls$tls" || true; done
  for s in "${fwds[@]}"; do
    [ -n "${PID[$s]:-}" ] || continue
    say "warming $s up"
    for w in "pingpong ${PORT[$s]} -c 64" "stream ${PORT[$s]} -c 8"; do
      # shellcheck disable=SC2086
      timeout 120 taskset -c "$LOAD_CPU" "$NETKIT" bench $w $([ "$tls" = 1 ] && echo "--tls --ca $TLS_CERT") \
        -d "$([ "$tls" = 1 ] && echo "$((TLS_WARMUP + 1))" || echo 3)s" -w 0 -q > /dev/null 2>> "$OUT/logs/bench.log" || true
    done
  done
  for rep in $(seq "$REPS"); do
    say "proxies$([ "$tls" = 1 ] && echo ' (TLS)'), repetition $rep of $REPS"
    for t in "${tests[@]}"; do
      for s in $(rotate "$rep" "${fwds[@]}"); do
        # shellcheck disable=SC2046
        bench "$t" "$s" "$rep" $(proxy_load_args "$t" "${PORT[$s]}") -d "${DURATION}s" \
          -w "$([ "$tls" = 1 ] && echo "$TLS_WARMUP" || echo "$WARMUP")s"
      done
    done
  done
  for s in "${fwds[@]}"; do stop_server "$s"; done
}

if [ ${#PROXY_TESTS[@]} -gt 0 ]; then
  PROXY_DIR=$(mktemp -d)
  trap 'cleanup; rm -rf "$PROXY_DIR"' EXIT
  for f in $FORWARDERS; do
    case $f in
      socat) command -v socat >/dev/null || { echo "run.sh: the socat forwarder needs socat, or --forwarders" >&2; exit 1; } ;;
      haproxy) command -v haproxy >/dev/null || { echo "run.sh: the haproxy forwarder needs haproxy, or --forwarders" >&2; exit 1; } ;;
      netkit) ;;
      *) echo "run.sh: unknown forwarder $f (netkit, socat, haproxy)" >&2; exit 2 ;;
    esac
  done
  n=${#SERVERS[@]}
  PORT[px-echo]=$((BASE_PORT + n + 2)); CPU_OF[px-echo]=$BACKEND_CPU
  i=3
  for f in $FORWARDERS; do PORT[fwd-$f]=$((BASE_PORT + n + i)); i=$((i + 1)); done
  [ -f "$TLS_CERT" ] || "$NETKIT" cert --host localhost --cert "$TLS_CERT" --key "$TLS_KEY" >> "$OUT/logs/commands.txt"
  start_server px-echo "$NETKIT serve echo --raw --port ${PORT[px-echo]} --host 127.0.0.1 --transport epoll --max-connections $((FD_LIMIT + 1000)) --idle-timeout 0"
  plain=() secure=()
  for t in "${PROXY_TESTS[@]}"; do case $t in pxtls*) secure+=("$t") ;; *) plain+=("$t") ;; esac; done
  proxy_run 0 "${plain[@]}"
  proxy_run 1 "${secure[@]}"
  stop_server px-echo
fi
# Chat fan-out across three nodes of one room on Redis: three netkit chat servers (the first
# transport) and redis-server share the server CPU; members connect to the nodes in turn, so the
# senders are on every node and most deliveries cross Redis. Reported as the fanout workload of a
# server "netkit-T-3nodes" (its CPU column is the first node's alone). clusterrate: the same
# cluster paced at FANOUT_RATE messages a second (fanout_rate_load).
cluster_run() {
  command -v redis-server >/dev/null || { say "cluster: needs redis-server (apt-get install redis-server); skipped"; return 0; }
  local t=${TRANSPORTS%% *} rport=$((BASE_PORT + 23)) s=netkit-${TRANSPORTS%% *}-3nodes rep i w paced spread=()
  if port_open "$rport"; then echo "run.sh: port $rport is taken; set BASE_PORT" >&2; exit 1; fi
  taskset -c "$SERVER_CPU" redis-server --port "$rport" --bind 127.0.0.1 --save '' --appendonly no \
    --dir "$OUT/logs" > "$OUT/logs/redis.log" 2>&1 &
  PID[redis]=$!
  for _ in $(seq 50); do port_open "$rport" && break; sleep 0.1; done
  for i in 0 1 2; do
    PORT[$s-$i]=$((BASE_PORT + 20 + i))
    start_server "$s-$i" "$NETKIT serve chat --port ${PORT[$s-$i]} --transport $t --idle-timeout 0 --cluster redis://127.0.0.1:$rport/bench" || true
    [ "$i" = 0 ] || spread+=("127.0.0.1:${PORT[$s-$i]}")
  done
  PID[$s]=${PID[$s-0]:-}
  w="$(fanout_load "${PORT[$s-0]}") --spread $(IFS=,; echo "${spread[*]}")"
  paced="$(fanout_rate_load "${PORT[$s-0]}") --spread $(IFS=,; echo "${spread[*]}")"
  if [ -n "${PID[$s]}" ]; then
    say "warming $s up (chat on 3 nodes)"
    # shellcheck disable=SC2086
    timeout 120 taskset -c "$LOAD_CPU" "$NETKIT" bench $w -d 3s -w 0 -q > /dev/null 2>> "$OUT/logs/bench.log" || true
  fi
  for rep in $(seq "$REPS"); do
    say "chat fan-out on 3 nodes, repetition $rep of $REPS"
    # shellcheck disable=SC2086
    if want cluster; then bench fanout "$s" "$rep" $w -d "${DURATION}s" -w "${WARMUP}s"; fi
    # shellcheck disable=SC2086
    if want clusterrate; then bench fanoutrate "$s" "$rep" $paced -d "${DURATION}s" -w "${WARMUP}s"; fi
  done
  unset "PID[$s]"
  for i in 0 1 2; do stop_server "$s-$i"; done
  stop_server redis
}
if want cluster || want clusterrate; then cluster_run; fi

{
  echo "Measured $(date -u '+%Y-%m-%d %H:%M UTC') on $(nproc) CPUs ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)), Linux $(uname -r),"
  echo "$("$JAVA" -version 2>&1 | head -1 | sed 's/"//g'), Node $(node --version 2>/dev/null || echo '-'), Netty $(sed -n 's:.*<netty.version>\(.*\)</netty.version>.*:\1:p' "$here/netty-echo/pom.xml");"
  echo "servers on CPU $SERVER_CPU, load (netkit bench) on CPU $LOAD_CPU, the proxy rows' echo on CPU $BACKEND_CPU; medians of $REPS runs of ${DURATION} s after ${WARMUP} s of warm-up;"
  echo "load average at the end $(cut -d' ' -f1-3 /proc/loadavg); descriptor limit $FD_LIMIT."
} > "$OUT/machine.txt"
python3 "$here/report.py" "$RAW" "$OUT/machine.txt" > "$OUT/latest.md"
cat "$OUT/latest.md"
