package dev.netkit.internal;

import dev.netkit.Client;
import dev.netkit.Connection;
import dev.netkit.Endpoint;
import dev.netkit.Server;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class AdaptiveBufferTest {

    @Test
    void anIdleConnectionHoldsASmallBufferAndAStreamingOneGrowsIt() throws Exception {
        CompletableFuture<Integer> idleSize = new CompletableFuture<>();
        CompletableFuture<Integer> busySize = new CompletableFuture<>();
        try (Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0))
                .handler(c -> {
                    ChannelConnection cc = (ChannelConnection) c;
                    idleSize.complete(cc.inputBufferSize());
                    byte[] sink = new byte[100];
                    long total = 0;
                    int n;
                    while (total < 4 * 1024 * 1024 && (n = c.input().read(sink)) > 0) {
                        total += n;
                    }
                    busySize.complete(cc.inputBufferSize());
                }).start();
             Connection client = Client.connect(server.endpoint())) {
            assertThat(idleSize.get(10, TimeUnit.SECONDS)).isEqualTo(InputBuffer.MIN_SIZE);
            byte[] chunk = new byte[256 * 1024];
            for (int i = 0; i < 16; i++) {
                client.output().write(chunk);
            }
            client.flush();
            assertThat(busySize.get(10, TimeUnit.SECONDS)).isGreaterThan(InputBuffer.MIN_SIZE);
        }
    }
}
