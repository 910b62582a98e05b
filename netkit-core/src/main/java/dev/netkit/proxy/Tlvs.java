package dev.netkit.proxy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/** The TLV part of a version 2 header: read and checked, or written. */
final class Tlvs {

    private static final int HEAD = 3;
    private static final int CRC_LENGTH = 4;

    private Tlvs() {
    }

    /**
     * The fields from {@code from} to the end of {@code header} (the whole header, fixed part
     * included), which they must fill exactly. A CRC-32C field is checked against the header.
     */
    static List<ProxyTlv> read(byte[] header, int from) throws ProxyProtocolException {
        List<ProxyTlv> tlvs = new ArrayList<>();
        int at = from;
        boolean crcSeen = false;
        while (at < header.length) {
            if (header.length - at < HEAD) {
                throw new ProxyProtocolException("PROXY v2 header with " + (header.length - at)
                        + " stray bytes after its last TLV");
            }
            int type = header[at] & 0xFF;
            int length = HeaderReader.u16(header, at + 1);
            int value = at + HEAD;
            if (length > header.length - value) {
                throw new ProxyProtocolException("PROXY v2 TLV 0x" + Integer.toHexString(type) + " of " + length
                        + " bytes runs past the header's end");
            }
            if (type == ProxyTlv.CRC32C) {
                if (crcSeen) {
                    throw new ProxyProtocolException("PROXY v2 header with a second CRC-32C TLV");
                }
                crcSeen = true;
                checkCrc(header, value, length);
            }
            tlvs.add(new ProxyTlv(type, Arrays.copyOfRange(header, value, value + length)));
            at = value + length;
        }
        return tlvs;
    }

    private static void checkCrc(byte[] header, int value, int length) throws ProxyProtocolException {
        if (length != CRC_LENGTH) {
            throw new ProxyProtocolException("PROXY v2 CRC-32C TLV of " + length + " bytes (expected 4)");
        }
        byte[] zeroed = header.clone();
        Arrays.fill(zeroed, value, value + CRC_LENGTH, (byte) 0);
        long expected = ((long) HeaderReader.u16(header, value) << 16) | HeaderReader.u16(header, value + 2);
        if (crc(zeroed) != expected) {
            throw new ProxyProtocolException("PROXY v2 header fails its CRC-32C check");
        }
    }

    static long crc(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return crc.getValue();
    }
}
