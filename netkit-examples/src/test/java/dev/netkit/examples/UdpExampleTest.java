package dev.netkit.examples;

import dev.netkit.udp.UdpServer;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class UdpExampleTest {

    @Test
    void serverPrintsEachMessageWithItsSender() throws Exception {
        BlockingQueue<String> printed = new LinkedBlockingQueue<>();
        try (UdpServer server = UdpExample.startServer(0, printed::add)) {
            InetSocketAddress from = UdpExample.send("127.0.0.1", server.port(), "Hello, UDP\n");
            assertThat(printed.poll(5, TimeUnit.SECONDS))
                    .isEqualTo("Received: Hello, UDP from 127.0.0.1:" + from.getPort());
        }
    }
}
