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

/**
 * The life of a Unix socket file: a stale one is replaced, a live one is never stolen, and on close
 * a listener removes its own file only, not one another server has put at the same path since.
 */
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

    /**
     * Gives the socket file a listener has just bound at {@code path} these permission bits.
     *
     * @throws IOException naming the path when the file system refuses
     */
    public static void setPermissions(Path path, java.util.Set<java.nio.file.attribute.PosixFilePermission> permissions)
            throws IOException {
        try {
            Files.setPosixFilePermissions(path, permissions);
        } catch (IOException | UnsupportedOperationException e) {
            throw new IOException("cannot set the permissions of unix:" + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * The socket file a listener has just bound at {@code path}, identified by its file key (device
     * and inode), so that {@link Bound#release()} removes that file and no other. Called right after
     * the bind, while the listening socket holds the file.
     */
    public static Bound bound(Path path) {
        return new Bound(path, fileKey(path));
    }

    /** A socket file a listener created; removed when the listener closes, if it is still there. */
    public static final class Bound {
        private final Path path;
        private final Object key;

        private Bound(Path path, Object key) {
            this.path = path;
            this.key = key;
        }

        public Path path() {
            return path;
        }

        /**
         * Removes the file, quietly, since the listener is going away; but only while it is the
         * file this listener bound. Another server may have taken the path since (deleting the file
         * and binding its own): its file has another inode and stays. Call it before closing the
         * listening socket, which until then holds the inode, so its number cannot have been
         * reused for the other's file. A file of unknown identity stays too: a stale file is
         * replaced at the next bind anyway.
         */
        public void release() {
            Object now = fileKey(path);
            if (key == null || !key.equals(now)) {
                return;
            }
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // Nothing more to do: a stale file is replaced at the next bind.
            }
        }

        @Override
        public String toString() {
            return path.toString();
        }
    }

    /** The file key of {@code path} itself (not a link's target), or null when it has none or is gone. */
    private static Object fileKey(Path path) {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (IOException e) {
            return null;
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
