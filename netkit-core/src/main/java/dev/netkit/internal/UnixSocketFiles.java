package dev.netkit.internal;

import java.io.IOException;
import java.net.BindException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/** The life of a Unix socket file: a stale one is replaced, a live one is never stolen. */
public final class UnixSocketFiles {

    private static final java.time.Duration PROBE_TIMEOUT = java.time.Duration.ofSeconds(1);

    private UnixSocketFiles() {
    }

    /**
     * Makes {@code path} free to bind: removes a socket file that no server answers on. Fails when a
     * server is listening there or when the path is something other than a socket.
     */
    public static void claim(Path path) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.NoSuchFileException e) {
            return;
        }
        if (!attributes.isOther()) {
            throw new BindException("cannot listen on unix:" + path + ": the path exists and is not a socket");
        }
        if (isLive(path)) {
            throw new BindException("cannot listen on unix:" + path + ": another server is listening there");
        }
        Files.deleteIfExists(path);
    }

    /** Removes the socket file a listener created; quietly, since the listener is going away. */
    public static void release(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // Nothing more to do: a stale file is replaced at the next bind.
        }
    }

    private static boolean isLive(Path path) {
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            // A server whose backlog is full is alive too: a probe that waits that long says so.
            ConnectWatchdog.connect(probe, UnixDomainSocketAddress.of(path), PROBE_TIMEOUT, "unix:" + path);
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
