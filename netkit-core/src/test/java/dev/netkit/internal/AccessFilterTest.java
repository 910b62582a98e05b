package dev.netkit.internal;

import dev.netkit.AddressRange;
import dev.netkit.Refusals;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

class AccessFilterTest {

    private static final long SECOND = 1_000_000_000L;

    private static InetSocketAddress peer(String address) {
        return new InetSocketAddress(address, 40000);
    }

    @Test
    void theRateLimitIsABucketPerAddress() throws Exception {
        AcceptRate rate = new AcceptRate(2);
        InetAddress a = InetAddress.getByName("192.0.2.1");
        InetAddress b = InetAddress.getByName("192.0.2.2");
        assertThat(rate.tryAccept(a, 0)).isTrue();
        assertThat(rate.tryAccept(a, 0)).isTrue();
        assertThat(rate.tryAccept(a, 0)).isFalse();
        assertThat(rate.tryAccept(b, 0)).isTrue();
        assertThat(rate.tryAccept(a, SECOND / 2)).isTrue(); // one token back after half a second
        assertThat(rate.tryAccept(a, SECOND / 2)).isFalse();
        assertThat(rate.tryAccept(a, 10 * SECOND)).isTrue();
        assertThat(rate.tryAccept(a, 10 * SECOND)).isTrue(); // refilled to the burst, not beyond
        assertThat(rate.tryAccept(a, 10 * SECOND)).isFalse();
    }

    @Test
    void theRateLimitRemembersABoundedNumberOfAddresses() throws Exception {
        AcceptRate rate = new AcceptRate(1);
        byte[] address = {10, 0, 0, 0};
        for (int i = 0; i < 3 * AcceptRate.MAX_TRACKED; i++) {
            address[1] = (byte) (i >> 16);
            address[2] = (byte) (i >> 8);
            address[3] = (byte) i;
            rate.tryAccept(InetAddress.getByAddress(address), 0);
        }
        assertThat(rate.tracked()).isEqualTo(AcceptRate.MAX_TRACKED);
    }

    @Test
    void thePerAddressCountForgetsAddressesWithNothingOpen() throws Exception {
        AccessFilter filter = new AccessFilter("test", new AccessFilter.Rules(List.of(), List.of(), 1, 0));
        AccessFilter.Admission first = filter.admit(peer("192.0.2.1"));
        assertThat(first).isNotNull();
        assertThat(filter.admit(peer("192.0.2.1"))).isNull();
        first.release();
        first.release(); // once only
        AccessFilter.Admission again = filter.admit(peer("192.0.2.1"));
        assertThat(again).isNotNull();
        assertThat(filter.admit(peer("192.0.2.1"))).isNull();
        assertThat(filter.refusals()).isEqualTo(new Refusals(0, 2, 0));
    }

    @Test
    void unixPeersAreLetIn() {
        AccessFilter filter = new AccessFilter("test",
                new AccessFilter.Rules(List.of(AddressRange.parse("192.0.2.0/24")), List.of(), 1, 1));
        assertThat(filter.admit(UnixDomainSocketAddress.of("/nonexistent"))).isSameAs(AccessFilter.Admission.NONE);
    }

    /** A flood of refusals writes a line for the first and then at most one a second. */
    @Test
    void aFloodOfRefusalsIsNotAFloodOfLogLines() {
        List<String> lines = new ArrayList<>();
        Logger logger = Logger.getLogger("dev.netkit.Server");
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getMessage().contains("refused")) {
                    lines.add(java.text.MessageFormat.format(record.getMessage(), record.getParameters()));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(capture);
        try {
            AccessFilter filter = new AccessFilter("flooded",
                    new AccessFilter.Rules(List.of(), List.of(AddressRange.parse("192.0.2.0/24")), 0, 0));
            long start = System.nanoTime();
            for (int i = 0; i < 10_000; i++) {
                assertThat(filter.admit(peer("192.0.2." + (i % 250)))).isNull();
            }
            long seconds = (System.nanoTime() - start) / SECOND;
            filter.flushLog();
            assertThat(filter.refusals().denied()).isEqualTo(10_000);
            assertThat(lines).hasSizeBetween(2, (int) seconds + 3);
            assertThat(lines.getFirst()).isEqualTo("flooded: refused a connection from 192.0.2.0 (denied by the address rules)");
            assertThat(lines.getLast()).contains("flooded: refused ").contains("denied by the address rules")
                    .contains("the last from 192.0.2.249");
        } finally {
            logger.removeHandler(capture);
        }
    }
}
