package dev.netkit.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a {@link ProxyHeader} off a stream, exactly its bytes, and checks every field. Every
 * refusal is a {@link ProxyProtocolException}; nothing else escapes but the stream's own
 * {@link IOException}s.
 */
final class HeaderReader {

    static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
    static final int V2_FIXED = 16;
    static final int INET_BLOCK = 12;
    static final int INET6_BLOCK = 36;
    static final int UNIX_PATH = 108;
    static final int UNIX_BLOCK = 2 * UNIX_PATH;
    private static final byte[] V1_PREFIX = "PROXY ".getBytes(StandardCharsets.US_ASCII);
    private static final int PORT_DIGITS = 5;

    private HeaderReader() {
    }

    static ProxyHeader read(InputStream in) throws IOException {
        byte[] start = new byte[V2_FIXED];
        readFully(in, start, 0, V1_PREFIX.length);
        if (Arrays.equals(start, 0, V1_PREFIX.length, V1_PREFIX, 0, V1_PREFIX.length)) {
            return v1(in);
        }
        if (Arrays.equals(start, 0, V1_PREFIX.length, V2_SIGNATURE, 0, V1_PREFIX.length)) {
            readFully(in, start, V1_PREFIX.length, V2_FIXED - V1_PREFIX.length);
            if (Arrays.equals(start, 0, V2_SIGNATURE.length, V2_SIGNATURE, 0, V2_SIGNATURE.length)) {
                return v2(in, start);
            }
        }
        throw new ProxyProtocolException("no PROXY header: the connection began with \"" + printable(start, V1_PREFIX.length) + "\"");
    }

    // ---- version 1 ----

    private static ProxyHeader v1(InputStream in) throws IOException {
        int max = ProxyHeader.V1_MAX_LENGTH - V1_PREFIX.length;
        byte[] line = new byte[max];
        int n = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new ProxyProtocolException("the connection ended inside a PROXY v1 header");
            }
            if (n == max) {
                throw new ProxyProtocolException("PROXY v1 header longer than " + ProxyHeader.V1_MAX_LENGTH + " bytes");
            }
            line[n++] = (byte) b;
            if (b == '\n') {
                break;
            }
            if (b != '\r' && (b < 0x20 || b > 0x7E)) {
                throw new ProxyProtocolException("PROXY v1 header with a byte that is not printable US-ASCII: 0x"
                        + Integer.toHexString(b));
            }
        }
        if (n < 2 || line[n - 2] != '\r') {
            throw new ProxyProtocolException("PROXY v1 header not ended by CRLF");
        }
        String text = new String(line, 0, n - 2, StandardCharsets.US_ASCII);
        if (text.indexOf('\r') >= 0) {
            throw new ProxyProtocolException("PROXY v1 header with a CR inside");
        }
        String[] fields = text.split(" ", -1);
        return switch (fields[0]) {
            case "UNKNOWN" -> new ProxyHeader(ProxyHeader.Version.V1, ProxyHeader.Command.PROXY, null, null, List.of());
            case "TCP4", "TCP6" -> v1Tcp(fields, fields[0].equals("TCP4"));
            default -> throw new ProxyProtocolException("PROXY v1 header with unknown protocol \"" + shorten(fields[0])
                    + "\" (expected TCP4, TCP6 or UNKNOWN)");
        };
    }

    private static ProxyHeader v1Tcp(String[] fields, boolean v4) throws ProxyProtocolException {
        if (fields.length != 5) {
            throw new ProxyProtocolException("PROXY v1 header with " + (fields.length - 1)
                    + " fields after " + fields[0] + " (expected source, destination, source port, destination port)");
        }
        InetAddress source = v1Address(fields[1], v4);
        InetAddress destination = v1Address(fields[2], v4);
        return new ProxyHeader(ProxyHeader.Version.V1, ProxyHeader.Command.PROXY,
                new InetSocketAddress(source, v1Port(fields[3])), new InetSocketAddress(destination, v1Port(fields[4])),
                List.of());
    }

    private static InetAddress v1Address(String text, boolean v4) throws ProxyProtocolException {
        InetAddress address = v4 ? IpLiterals.v4(text) : IpLiterals.v6(text);
        if (address == null) {
            throw new ProxyProtocolException("PROXY v1 header with a bad " + (v4 ? "IPv4" : "IPv6") + " address \""
                    + shorten(text) + "\"");
        }
        return address;
    }

    private static int v1Port(String text) throws ProxyProtocolException {
        int port = IpLiterals.decimal(text, PORT_DIGITS);
        if (port < 0 || port > 0xFFFF) {
            throw new ProxyProtocolException("PROXY v1 header with a bad port \"" + shorten(text) + "\"");
        }
        return port;
    }

    // ---- version 2 ----

    private static ProxyHeader v2(InputStream in, byte[] fixed) throws IOException {
        int version = (fixed[12] & 0xF0) >>> 4;
        int commandBits = fixed[12] & 0x0F;
        int family = (fixed[13] & 0xF0) >>> 4;
        int transport = fixed[13] & 0x0F;
        int length = ((fixed[14] & 0xFF) << 8) | (fixed[15] & 0xFF);
        if (version != 2) {
            throw new ProxyProtocolException("PROXY header of version " + version + " (expected 2)");
        }
        if (commandBits > 1) {
            throw new ProxyProtocolException("PROXY v2 header with unknown command " + commandBits);
        }
        if (family > 3 || transport > 2) {
            throw new ProxyProtocolException("PROXY v2 header with unknown address family or transport 0x"
                    + Integer.toHexString(fixed[13] & 0xFF));
        }
        byte[] header = Arrays.copyOf(fixed, V2_FIXED + length);
        readFully(in, header, V2_FIXED, length);
        ProxyHeader.Command command = commandBits == 0 ? ProxyHeader.Command.LOCAL : ProxyHeader.Command.PROXY;
        int block = switch (family) {
            case 1 -> INET_BLOCK;
            case 2 -> INET6_BLOCK;
            case 3 -> UNIX_BLOCK;
            default -> 0;
        };
        if (length < block) {
            if (command == ProxyHeader.Command.PROXY) {
                throw new ProxyProtocolException("PROXY v2 header of " + length + " bytes, too short for its addresses ("
                        + block + ")");
            }
            // LOCAL: the addresses are to be ignored, whatever they hold.
            return new ProxyHeader(ProxyHeader.Version.V2, command, null, null, List.of());
        }
        List<ProxyTlv> tlvs = Tlvs.read(header, V2_FIXED + block);
        if (command == ProxyHeader.Command.LOCAL || family == 0) {
            return new ProxyHeader(ProxyHeader.Version.V2, command, null, null, tlvs);
        }
        SocketAddress source;
        SocketAddress destination;
        int at = V2_FIXED;
        if (family == 3) {
            source = unixPath(header, at);
            destination = unixPath(header, at + UNIX_PATH);
        } else {
            int size = family == 1 ? 4 : 16;
            InetAddress s = IpLiterals.byAddress(Arrays.copyOfRange(header, at, at + size));
            InetAddress d = IpLiterals.byAddress(Arrays.copyOfRange(header, at + size, at + 2 * size));
            int ports = at + 2 * size;
            source = new InetSocketAddress(s, u16(header, ports));
            destination = new InetSocketAddress(d, u16(header, ports + 2));
        }
        return new ProxyHeader(ProxyHeader.Version.V2, command, source, destination, tlvs);
    }

    private static SocketAddress unixPath(byte[] header, int at) throws ProxyProtocolException {
        int end = at;
        while (end < at + UNIX_PATH && header[end] != 0) {
            end++;
        }
        String path = new String(header, at, end - at, StandardCharsets.UTF_8);
        try {
            return UnixDomainSocketAddress.of(path);
        } catch (InvalidPathException e) {
            throw new ProxyProtocolException("PROXY v2 header with a bad Unix socket path \"" + shorten(path) + "\"");
        }
    }

    static int u16(byte[] bytes, int at) {
        return ((bytes[at] & 0xFF) << 8) | (bytes[at + 1] & 0xFF);
    }

    // ---- reading ----

    private static void readFully(InputStream in, byte[] buffer, int offset, int length) throws IOException {
        int done = 0;
        while (done < length) {
            int n = in.read(buffer, offset + done, length - done);
            if (n < 0) {
                throw new ProxyProtocolException("the connection ended " + (offset + done) + " bytes into a PROXY header");
            }
            done += n;
        }
    }

    /** Bytes from a peer as text safe to log: printable ASCII, the rest as dots. */
    private static String printable(byte[] bytes, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            int b = bytes[i] & 0xFF;
            text.append(b >= 0x20 && b < 0x7F ? (char) b : '.');
        }
        return text.toString();
    }

    private static String shorten(String text) {
        return text.length() <= 48 ? text : text.substring(0, 45) + "...";
    }
}
