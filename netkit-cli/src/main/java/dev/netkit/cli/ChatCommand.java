package dev.netkit.cli;

import dev.netkit.group.ConnectionGroup;
import dev.netkit.redis.RedisRoom;
import dev.netkit.services.ChatService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code netkit serve chat}: a line-based chat room for nc users. */
@Command(name = "chat", mixinStandardHelpOptions = true,
        description = "A chat room for nc users (port 7000): /nick, /who, /me, /quit.")
final class ChatCommand implements Callable<Integer> {

    private final Terminal terminal;

    @Mixin
    ListenOptions listen;

    @Mixin
    TlsServeOptions tls;

    @Mixin
    MetricsOption metrics;

    @Mixin
    LineTimeoutOption lineTimeout;

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--no-join-notices",
            description = "Do not tell the others when someone joins or leaves (a large room's arrivals are a storm of notices).")
    boolean noJoinNotices;

    ChatCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() throws Exception {
        if (listen.idleTimeout == null) {
            // A quiet room is normal: a reader may go an hour without a byte either way.
            listen.idleTimeout = Duration.ofHours(1);
        }
        ChatService.Builder chat = ChatService.builder().lineTimeout(lineTimeout.lineTimeout).joinNotices(!noJoinNotices);
        RedisRoom room = cluster.join();
        if (room == null) {
            ChatService local = chat.build();
            return ServeRunner.run(terminal, listen, tls, metrics, "chat", ChatService.DEFAULT_PORT, local,
                    List.of(local.group()));
        }
        ConnectionGroup group = ConnectionGroup.builder().name("chat").bus(room.bus()).build();
        try {
            return ServeRunner.run(terminal, listen, tls, metrics, "chat", ChatService.DEFAULT_PORT,
                    chat.group(group).roster(room.roster()).build(), List.of(group), room);
        } catch (Exception | Error e) {
            room.close();
            throw e;
        }
    }
}
