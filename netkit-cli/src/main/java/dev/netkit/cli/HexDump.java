package dev.netkit.cli;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code connect -x FILE}: every chunk sent and received, in the order they move, written to a
 * file as ncat's {@code --hex-dump} writes it: per chunk, lines of an offset within the chunk
 * (four hex digits), sixteen bytes in hex in two groups of eight, and the same bytes as text with
 * anything not printable (space included) as a dot.
 *
 * <pre>
 * 0000   68 65 6c 6c 6f 0a                                 hello.
 * </pre>
 *
 * <p>Threads: the sending and the receiving thread each call in; each chunk is written whole.
 */
final class HexDump implements StreamRelay.Traffic, Closeable {

    private static final int PER_LINE = 16;

    private final OutputStream file;
    private final Path path;
    private IOException failure;

    private HexDump(OutputStream file, Path path) {
        this.file = file;
        this.path = path;
    }

    /**
     * Creates (or empties) the file.
     *
     * @param path where to write
     * @return the dump
     * @throws IOException when the file cannot be written
     */
    static HexDump create(Path path) throws IOException {
        return new HexDump(Files.newOutputStream(path), path);
    }

    @Override
    public void sent(byte[] bytes, int offset, int length) {
        write(bytes, offset, length);
    }

    @Override
    public void received(byte[] bytes, int offset, int length) {
        write(bytes, offset, length);
    }

    /** Writes a chunk; after a failure, nothing more (the failure comes out of {@link #close()}). */
    private synchronized void write(byte[] bytes, int offset, int length) {
        if (failure != null) {
            return;
        }
        try {
            file.write(format(bytes, offset, length).getBytes(StandardCharsets.US_ASCII));
            file.flush();
        } catch (IOException e) {
            failure = e;
        }
    }

    /** One chunk as ncat's hex dump lines. */
    static String format(byte[] bytes, int offset, int length) {
        StringBuilder text = new StringBuilder();
        for (int line = 0; line < length; line += PER_LINE) {
            text.append(String.format("%04x  ", line));
            StringBuilder printable = new StringBuilder(PER_LINE);
            for (int i = 0; i < PER_LINE; i++) {
                text.append(i == PER_LINE / 2 ? "  " : " ");
                if (line + i < length) {
                    int b = bytes[offset + line + i] & 0xFF;
                    text.append(String.format("%02x", b));
                    printable.append(b > 0x20 && b < 0x7F ? (char) b : '.');
                } else {
                    text.append("  ");
                    printable.append(' ');
                }
            }
            text.append("  ").append(printable).append('\n');
        }
        return text.toString();
    }

    /**
     * Closes the file.
     *
     * @throws IOException when a chunk could not be written, or the file cannot be closed
     */
    @Override
    public synchronized void close() throws IOException {
        file.close();
        if (failure != null) {
            throw new IOException("cannot write the hex dump " + path + ": " + failure.getMessage(), failure);
        }
    }
}
