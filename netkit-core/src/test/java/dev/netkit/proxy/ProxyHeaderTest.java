package dev.netkit.proxy;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading and writing PROXY headers: the specification's examples, round trips, and what is refused. */
class ProxyHeaderTest {

    private static final byte[] FOLLOWING = "after".getBytes(StandardCharsets.US_ASCII);

    private static ProxyHeader read(String text) throws IOException {
        return ProxyHeader.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1)));
    }

    /** Reads a header followed by other bytes; checks that exactly those remain. */
    private static ProxyHeader readLeavingRest(byte[] header) throws IOException {
        byte[] all = new byte[header.length + FOLLOWING.length];
        System.arraycopy(header, 0, all, 0, header.length);
        System.arraycopy(FOLLOWING, 0, all, header.length, FOLLOWING.length);
        InputStream in = new OneByteAtATime(all);
        ProxyHeader read = ProxyHeader.read(in);
        assertThat(in.readAllBytes()).as("bytes after the header").isEqualTo(FOLLOWING);
        return read;
    }

    @Test
    void readsVersion1Tcp4() throws IOException {
        ProxyHeader h = read("PROXY TCP4 192.0.2.7 198.51.100.1 56324 443\r\n");
        assertThat(h.version()).isEqualTo(ProxyHeader.Version.V1);
        assertThat(h.command()).isEqualTo(ProxyHeader.Command.PROXY);
        assertThat(h.source()).contains(new InetSocketAddress("192.0.2.7", 56324));
        assertThat(h.destination()).contains(new InetSocketAddress("198.51.100.1", 443));
        assertThat(h.tlvs()).isEmpty();
    }

    @Test
    void readsVersion1Tcp6AndUnknown() throws IOException {
        ProxyHeader h = read("PROXY TCP6 2001:db8::7 2001:db8::1 65535 0\r\n");
        assertThat(h.source()).contains(new InetSocketAddress("2001:db8::7", 65535));
        assertThat(h.destination()).contains(new InetSocketAddress("2001:db8::1", 0));
        ProxyHeader unknown = read("PROXY UNKNOWN ffff:f...f:ffff 1.2.3.4 65535 65535\r\n");
        assertThat(unknown.source()).isEmpty();
        assertThat(unknown.destination()).isEmpty();
    }

    @Test
    void readsTheLongestVersion1Header() throws IOException {
        String longest = "PROXY UNKNOWN " + "x".repeat(ProxyHeader.V1_MAX_LENGTH - 16) + "\r\n";
        assertThat(longest).hasSize(ProxyHeader.V1_MAX_LENGTH);
        assertThat(read(longest).source()).isEmpty();
        assertThatThrownBy(() -> read("PROXY UNKNOWN " + "x".repeat(ProxyHeader.V1_MAX_LENGTH - 15) + "\r\n"))
                .isInstanceOf(ProxyProtocolException.class).hasMessageContaining("longer than 107 bytes");
    }

    @Test
    void readsVersion2AsHaproxyWritesIt() throws IOException {
        // PROXY, INET/STREAM, 127.0.0.1:40000 -> 127.0.0.1:8080, with a NOOP TLV of 3 bytes.
        byte[] bytes = HexFormat.of().parseHex("0d0a0d0a000d0a515549540a" + "21" + "11" + "0012"
                + "7f000001" + "7f000001" + "9c40" + "1f90" + "04" + "0003" + "000000");
        ProxyHeader h = readLeavingRest(bytes);
        assertThat(h.version()).isEqualTo(ProxyHeader.Version.V2);
        assertThat(h.source()).contains(new InetSocketAddress("127.0.0.1", 40000));
        assertThat(h.destination()).contains(new InetSocketAddress("127.0.0.1", 8080));
        assertThat(h.tlvs()).containsExactly(new ProxyTlv(ProxyTlv.NOOP, new byte[3]));
    }

    @Test
    void version2LocalHasNoAddresses() throws IOException {
        byte[] bytes = HexFormat.of().parseHex("0d0a0d0a000d0a515549540a" + "20" + "00" + "0000");
        ProxyHeader h = readLeavingRest(bytes);
        assertThat(h.command()).isEqualTo(ProxyHeader.Command.LOCAL);
        assertThat(h.source()).isEmpty();
        assertThat(ProxyHeader.v2Local().toBytes()).isEqualTo(bytes);
    }

    @Test
    void roundTripsEveryForm() throws IOException {
        InetSocketAddress v4a = new InetSocketAddress("203.0.113.9", 1234);
        InetSocketAddress v4b = new InetSocketAddress("192.0.2.1", 80);
        InetSocketAddress v6a = new InetSocketAddress("2001:db8::9", 4321);
        ProxyTlv authority = ProxyTlv.ofString(ProxyTlv.AUTHORITY, "example.net");
        ProxyTlv crc = new ProxyTlv(ProxyTlv.CRC32C, new byte[4]);
        for (ProxyHeader h : new ProxyHeader[] {
                ProxyHeader.v1(v4a, v4b), ProxyHeader.v1(v6a, v6a), ProxyHeader.v1Unknown(),
                ProxyHeader.v2(v4a, v4b), ProxyHeader.v2(v6a, v6a, authority, crc),
                ProxyHeader.v2(UnixDomainSocketAddress.of("/run/a.sock"), UnixDomainSocketAddress.of("/run/b.sock")),
                ProxyHeader.v2Local(authority)}) {
            ProxyHeader back = readLeavingRest(h.toBytes());
            assertThat(back.version()).as(h.toString()).isEqualTo(h.version());
            assertThat(back.command()).as(h.toString()).isEqualTo(h.command());
            assertThat(back.source()).as(h.toString()).isEqualTo(h.source());
            assertThat(back.destination()).as(h.toString()).isEqualTo(h.destination());
            if (h.tlvs().contains(crc)) {
                assertThat(back.tlv(ProxyTlv.AUTHORITY).orElseThrow().valueAsString()).isEqualTo("example.net");
                assertThat(back.tlv(ProxyTlv.CRC32C)).isPresent(); // checked when read
            } else {
                assertThat(back.tlvs()).isEqualTo(h.tlvs());
            }
        }
    }

    @Test
    void mixedFamiliesGoAsIpv6() throws IOException {
        InetSocketAddress v4 = new InetSocketAddress("192.0.2.1", 80);
        InetSocketAddress v6 = new InetSocketAddress("2001:db8::1", 81);
        assertThat(new String(ProxyHeader.v1(v4, v6).toBytes(), StandardCharsets.US_ASCII))
                .startsWith("PROXY TCP6 ::ffff:192.0.2.1 2001:db8:0:0:0:0:0:1 80 81");
        assertThat(readLeavingRest(ProxyHeader.v2(v4, v6).toBytes()).source()).contains(v4);
    }

    @Test
    void refusesMalformedVersion1() {
        String[] bad = {
                "GET / HTTP/1.1\r\n", "PROXY TCP4 192.0.2.7 198.51.100.1 56324 443\n",
                "PROXY TCP4 192.0.2.7 198.51.100.1 56324\r\n", "PROXY TCP4 192.0.2.256 198.51.100.1 1 2\r\n",
                "PROXY TCP4 2001:db8::1 198.51.100.1 1 2\r\n", "PROXY TCP6 192.0.2.7 2001:db8::1 1 2\r\n",
                "PROXY TCP4 192.0.2.7 198.51.100.1 65536 1\r\n", "PROXY TCP4 192.0.2.7 198.51.100.1 01 1\r\n",
                "PROXY TCP4  192.0.2.7 198.51.100.1 1 1\r\n", "PROXY TCP6 example.net ::1 1 1\r\n", "PROXY TCP6 .:: ::1 1 1\r\n",
                "PROXY UDP4 192.0.2.7 198.51.100.1 1 1\r\n", "PROXY TCP4 192.0.2.7 198.51.100.1 1 1\r\r\n",
                "PROXY TCP4 192.0.2.7\u00e9 198.51.100.1 1 1\r\n", "PROXY TCP4 192.0.2.7", "PROX", ""};
        for (String text : bad) {
            assertThatThrownBy(() -> read(text)).as(text).isInstanceOf(ProxyProtocolException.class);
        }
    }

    @Test
    void refusesMalformedVersion2() {
        String sig = "0d0a0d0a000d0a515549540a";
        String[] bad = {
                sig + "11" + "11" + "000c" + "7f0000017f0000019c401f90",   // version 1 in binary
                sig + "22" + "11" + "000c" + "7f0000017f0000019c401f90",   // command 2
                sig + "21" + "41" + "000c" + "7f0000017f0000019c401f90",   // family 4
                sig + "21" + "11" + "0008" + "7f0000017f000001",           // too short for INET
                sig + "21" + "11" + "000e" + "7f0000017f0000019c401f90" + "04ff", // stray bytes
                sig + "21" + "11" + "0010" + "7f0000017f0000019c401f90" + "040009", // TLV past the end
                sig + "21" + "11" + "0013" + "7f0000017f0000019c401f90" + "03000412345678", // bad CRC
                sig + "21" + "11" + "000c" + "7f000001",                   // truncated
                "0d0a0d0a000d0a5155495400" + "21" + "11" + "000c"};         // bad signature
        for (String hex : bad) {
            assertThatThrownBy(() -> ProxyHeader.read(new ByteArrayInputStream(HexFormat.of().parseHex(hex))))
                    .as(hex).isInstanceOf(ProxyProtocolException.class);
        }
    }

    @Test
    void refusesHeadersThatCannotBeWritten() {
        InetSocketAddress v4 = new InetSocketAddress("192.0.2.1", 80);
        assertThatThrownBy(() -> ProxyHeader.v2(v4, UnixDomainSocketAddress.of("/x")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProxyHeader.v1(InetSocketAddress.createUnresolved("example.net", 1), v4))
                .isInstanceOf(IllegalArgumentException.class);
        ProxyTlv big = new ProxyTlv(0xE0, new byte[ProxyTlv.MAX_VALUE_LENGTH]);
        assertThatThrownBy(() -> ProxyHeader.v2(v4, v4, big)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 65535");
    }

    /** A stream that hands out one byte per read, as a slow network might. */
    static final class OneByteAtATime extends InputStream {
        private final byte[] bytes;
        private int at;

        OneByteAtATime(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public int read() {
            return at < bytes.length ? bytes[at++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            int c = read();
            if (c < 0) {
                return -1;
            }
            b[off] = (byte) c;
            return 1;
        }
    }
}
