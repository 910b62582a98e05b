package dev.netkit.jmh;

/** The byte streams the benchmarks read: one record repeated, and where reads cut it. */
final class Wire {

    /** A read as large as the transports make (the input buffer's maximum). */
    static final int LARGE_READ = 64 * 1024;
    private static final int MIN_BYTES = 256 * 1024;

    private Wire() {
    }

    /** {@code record} repeated to at least 256 KiB, so the input buffer works on many records. */
    static byte[] repeat(byte[] record) {
        int count = Math.max(4, (MIN_BYTES + record.length - 1) / record.length);
        byte[] wire = new byte[count * record.length];
        for (int i = 0; i < count; i++) {
            System.arraycopy(record, 0, wire, i * record.length, record.length);
        }
        return wire;
    }

    /**
     * The most bytes one read hands out: "many" records per read (64 KiB reads), or each record
     * "split" across about three reads, cut at different places on each record.
     */
    static int chunk(String arrival, int recordLength) {
        return switch (arrival) {
            case "many" -> LARGE_READ;
            case "split" -> recordLength / 3 + 1;
            default -> throw new IllegalArgumentException("arrival must be many or split, got " + arrival);
        };
    }

    /** Printable ASCII, varied, so that nothing is special about the content. */
    static byte[] text(int length) {
        byte[] text = new byte[length];
        for (int i = 0; i < length; i++) {
            text[i] = (byte) ('!' + i % 90);
        }
        return text;
    }
}
