package dev.netkit.proxy;

import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;

/** Writes a {@link ProxyHeader} in its version's form (see there for the layouts). */
final class HeaderWriter {

    private static final int MAX_LENGTH = 0xFFFF;

    private HeaderWriter() {
    }

    static byte[] v1(ProxyHeader header) {
        SocketAddress source = header.sourceOrNull();
        if (!(source instanceof InetSocketAddress s) || !(header.destinationOrNull() instanceof InetSocketAddress d)) {
            return "PROXY UNKNOWN\r\n".getBytes(StandardCharsets.US_ASCII);
        }
        boolean v4 = s.getAddress() instanceof Inet4Address && d.getAddress() instanceof Inet4Address;
        String line = "PROXY " + (v4 ? "TCP4 " : "TCP6 ") + v1Text(s.getAddress(), v4) + " " + v1Text(d.getAddress(), v4)
                + " " + s.getPort() + " " + d.getPort() + "\r\n";
        return line.getBytes(StandardCharsets.US_ASCII);
    }

    private static String v1Text(InetAddress address, boolean v4) {
        return v4 || !(address instanceof Inet4Address) ? IpLiterals.text(address) : "::ffff:" + address.getHostAddress();
    }

    /**
     * The binary form; a {@link ProxyTlv#CRC32C} field among the TLVs gets the header's checksum
     * whatever value it was given.
     *
     * @throws IllegalArgumentException when the header would be longer than the protocol allows, or
     *         has more than one CRC-32C field or one not of 4 bytes
     */
    static byte[] v2(ProxyHeader header) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        out.writeBytes(HeaderReader.V2_SIGNATURE);
        SocketAddress source = header.sourceOrNull();
        SocketAddress destination = header.destinationOrNull();
        int family;
        byte[] block;
        if (header.command() == ProxyHeader.Command.LOCAL || source == null) {
            family = 0;
            block = new byte[0];
        } else if (source instanceof InetSocketAddress s && destination instanceof InetSocketAddress d) {
            boolean v4 = s.getAddress() instanceof Inet4Address && d.getAddress() instanceof Inet4Address;
            family = v4 ? 1 : 2;
            block = inetBlock(s, d, v4);
        } else {
            family = 3;
            block = unixBlock((UnixDomainSocketAddress) source, (UnixDomainSocketAddress) destination);
        }
        int command = header.command() == ProxyHeader.Command.LOCAL ? 0 : 1;
        out.write(0x20 | command);
        out.write(family == 0 ? 0 : family << 4 | 1);
        int length = block.length;
        for (ProxyTlv tlv : header.tlvs()) {
            length += 3 + tlv.length();
        }
        if (length > MAX_LENGTH) {
            throw new IllegalArgumentException("a PROXY v2 header holds at most " + MAX_LENGTH
                    + " bytes after its first 16, this one would hold " + length);
        }
        out.write(length >>> 8);
        out.write(length & 0xFF);
        out.writeBytes(block);
        int crcAt = -1;
        for (ProxyTlv tlv : header.tlvs()) {
            out.write(tlv.type());
            out.write(tlv.length() >>> 8);
            out.write(tlv.length() & 0xFF);
            if (tlv.type() == ProxyTlv.CRC32C) {
                if (tlv.length() != 4 || crcAt >= 0) {
                    throw new IllegalArgumentException("a PROXY v2 header holds at most one CRC-32C TLV, of 4 bytes");
                }
                crcAt = out.size();
                out.writeBytes(new byte[4]);
            } else {
                out.writeBytes(tlv.bytes());
            }
        }
        byte[] bytes = out.toByteArray();
        if (crcAt >= 0) {
            long crc = Tlvs.crc(bytes);
            for (int i = 0; i < 4; i++) {
                bytes[crcAt + i] = (byte) (crc >>> (24 - 8 * i));
            }
        }
        return bytes;
    }

    private static byte[] inetBlock(InetSocketAddress s, InetSocketAddress d, boolean v4) {
        int size = v4 ? 4 : 16;
        byte[] block = new byte[2 * size + 4];
        System.arraycopy(bytes(s.getAddress(), v4), 0, block, 0, size);
        System.arraycopy(bytes(d.getAddress(), v4), 0, block, size, size);
        block[2 * size] = (byte) (s.getPort() >>> 8);
        block[2 * size + 1] = (byte) s.getPort();
        block[2 * size + 2] = (byte) (d.getPort() >>> 8);
        block[2 * size + 3] = (byte) d.getPort();
        return block;
    }

    /** The address's bytes; an IPv4 one beside an IPv6 one goes as IPv4-mapped IPv6. */
    private static byte[] bytes(InetAddress address, boolean v4) {
        byte[] raw = address.getAddress();
        if (v4 || raw.length == 16) {
            return raw;
        }
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xFF;
        mapped[11] = (byte) 0xFF;
        System.arraycopy(raw, 0, mapped, 12, 4);
        return mapped;
    }

    private static byte[] unixBlock(UnixDomainSocketAddress source, UnixDomainSocketAddress destination) {
        byte[] block = new byte[HeaderReader.UNIX_BLOCK];
        putPath(block, 0, source);
        putPath(block, HeaderReader.UNIX_PATH, destination);
        return block;
    }

    private static void putPath(byte[] block, int at, UnixDomainSocketAddress address) {
        byte[] path = address.getPath().toString().getBytes(StandardCharsets.UTF_8);
        if (path.length > HeaderReader.UNIX_PATH) {
            throw new IllegalArgumentException("a Unix socket path in a PROXY v2 header is at most "
                    + HeaderReader.UNIX_PATH + " bytes, got " + path.length + ": " + address.getPath());
        }
        System.arraycopy(path, 0, block, at, path.length);
    }
}
