package dev.netkit.services;

import dev.netkit.Connection;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Reads exact transcripts off a connection. */
final class ServiceTestSupport {

    private ServiceTestSupport() {
    }

    /** Reads until the received bytes end with {@code suffix}; fails at end of stream. */
    static String readUntil(Connection c, String suffix) throws IOException {
        byte[] want = suffix.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        InputStream in = c.input();
        while (!endsWith(got.toByteArray(), want)) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("stream ended before '" + suffix + "'; got: " + got.toString(StandardCharsets.UTF_8));
            }
            got.write(b);
        }
        return got.toString(StandardCharsets.UTF_8);
    }

    private static boolean endsWith(byte[] data, byte[] suffix) {
        return data.length >= suffix.length
                && Arrays.equals(data, data.length - suffix.length, data.length, suffix, 0, suffix.length);
    }
}
