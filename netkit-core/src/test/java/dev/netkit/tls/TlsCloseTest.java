package dev.netkit.tls;

import dev.netkit.Endpoint;
import dev.netkit.Server;
import dev.netkit.internal.ChannelUpgrade;
import dev.netkit.internal.NioTransport;
import dev.netkit.internal.StreamChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A close from another thread must end a close that blocks on a peer that stopped reading. */
class TlsCloseTest {

    @TempDir
    static Path dir;

    /** A raw channel whose writes block (a full send buffer) until it is closed, like a kernel socket. */
    static final class Gate implements StreamChannel {
        final StreamChannel raw;
        volatile boolean block;
        final CountDownLatch closed = new CountDownLatch(1);
        Gate(StreamChannel raw) { this.raw = raw; }
        public int read(byte[] b, int o, int l) throws IOException { return raw.read(b, o, l); }
        public void write(byte[] b, int o, int l) throws IOException {
            if (block) {
                try { closed.await(); } catch (InterruptedException e) { throw new IOException(e); }
                throw new ClosedChannelException();
            }
            raw.write(b, o, l);
        }
        public void shutdownOutput() throws IOException { raw.shutdownOutput(); }
        public void abort() { closed.countDown(); raw.abort(); }
        public void close() { closed.countDown(); raw.close(); }
        public boolean isOpen() { return raw.isOpen(); }
        public SocketAddress localAddress() { return raw.localAddress(); }
        public SocketAddress remoteAddress() { return raw.remoteAddress(); }
    }

    @Test
    void closeFromAnotherThreadUnblocksAnOwnerStuckSendingCloseNotify() throws Exception {
        TestPki pki = TestPki.create(dir);
        try (Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0)).tls(pki.serverTls())
                .handler(c -> c.input().transferTo(OutputStream.nullOutputStream())).start()) {
            ChannelUpgrade upgrade = pki.clientTls().channelUpgrade(server.endpoint());
            CompletableFuture<StreamChannel> tls = new CompletableFuture<>();
            Thread owner = Thread.ofVirtual().start(() -> {
                try {
                    Gate gate = new Gate(NioTransport.INSTANCE.connect(server.endpoint(), Duration.ofSeconds(5)));
                    StreamChannel channel = upgrade.upgrade(gate);
                    tls.complete(channel);
                    gate.block = true;      // the peer stopped reading; the send buffer is full
                    channel.close();        // the connection's own thread: tries close_notify
                } catch (Throwable t) {
                    tls.completeExceptionally(t);
                }
            });
            StreamChannel channel = tls.get(10, TimeUnit.SECONDS);
            dev.netkit.testing.Eventually.await("the owner to block sending close_notify", Duration.ofSeconds(10),
                    () -> owner.getState() == Thread.State.WAITING);
            channel.close();                // what the idle sweeper / forced stop do (closeNow)
            owner.join(Duration.ofSeconds(2));
            assertThat(owner.isAlive()).as("owner thread still blocked in close_notify").isFalse();
        }
    }
}
