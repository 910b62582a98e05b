package dev.netkit.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Small helpers for tests that talk to servers over plain sockets. */
public final class Sockets {

    private Sockets() {
    }

    /** One line of ASCII up to LF (not included), or what came before the end of the stream. */
    public static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            line.append((char) b);
        }
        return line.toString();
    }

    /**
     * A loopback TCP port free a moment ago, for a tool that cannot bind port 0 itself: it may be
     * taken again before the tool binds it, so callers retry on a clash.
     */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free loopback port", e);
        }
    }
}
