package dev.netkit.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Watches the files a server's TLS settings are read from and, when they change, reads them again
 * and hands the new settings to the server: {@code TlsReloader.watch(files, load, server::updateTls)}.
 *
 * <p>The files are compared by content, following symbolic links, so every way of replacing a
 * certificate is seen: written in place, renamed over the old one, or the atomic swap of a
 * {@code ..data} symbolic link that Kubernetes (cert-manager's secrets) and certbot's
 * {@code live/} links do. A directory among the paths stands for the files in it. New content is
 * loaded once it has stayed the same for one period, so a certificate and key replaced one after
 * the other are read together. When the new files do not load (unreadable, a key that does not
 * match, an expired certificate), the server keeps what it has; they are tried again at each look
 * (the other file of the pair may still be on its way), and once the same content has failed for
 * {@value #FAILED_LOOKS_BEFORE_LOG} looks in a row the reason is logged, once for that content.
 *
 * <p>Runs on one virtual thread, polling every period; {@link #close()} ends it. Thread-safe.
 */
public final class TlsReloader implements AutoCloseable {

    /** How often the files are looked at by default. */
    public static final Duration DEFAULT_PERIOD = Duration.ofSeconds(1);

    /** How many looks in a row the same content must fail to load before it is logged as bad. */
    public static final int FAILED_LOOKS_BEFORE_LOG = 3;

    private static final System.Logger LOG = System.getLogger("dev.netkit.tls");

    private final List<Path> paths;
    private final Supplier<ServerTls> load;
    private final Consumer<ServerTls> apply;
    private final Duration period;
    private final Thread thread;
    // Touched by the watching thread alone.
    private String applied;
    private String seen;
    private String reported;
    private int failedLooks;
    private volatile long reloads;
    private volatile long failures;

    private TlsReloader(List<Path> paths, Supplier<ServerTls> load, Consumer<ServerTls> apply, Duration period) {
        this.paths = List.copyOf(paths);
        this.load = load;
        this.apply = apply;
        this.period = period;
        this.applied = fingerprint();
        this.seen = applied;
        this.thread = Thread.ofVirtual().name("netkit-tls-reload").unstarted(this::run);
    }

    /** {@link #watch(List, Supplier, Consumer, Duration)} every {@link #DEFAULT_PERIOD}. */
    public static TlsReloader watch(List<Path> paths, Supplier<ServerTls> load, Consumer<ServerTls> apply) {
        return watch(paths, load, apply, DEFAULT_PERIOD);
    }

    /**
     * Starts watching. What the files hold now counts as loaded already.
     *
     * @param paths  the certificate and key files (or directories of them) to watch
     * @param load   reads the settings from the files; throws {@link TlsConfigException} (or another
     *               runtime exception) when they cannot be used
     * @param apply  takes settings that loaded, typically {@link dev.netkit.Server#updateTls}
     * @param period how often to look
     */
    public static TlsReloader watch(List<Path> paths, Supplier<ServerTls> load, Consumer<ServerTls> apply,
                                    Duration period) {
        Objects.requireNonNull(paths, "paths");
        Objects.requireNonNull(load, "load");
        Objects.requireNonNull(apply, "apply");
        Objects.requireNonNull(period, "period");
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("paths must name at least one file");
        }
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period must be positive, got " + period);
        }
        TlsReloader reloader = new TlsReloader(paths, load, apply, period);
        reloader.thread.start();
        return reloader;
    }

    /** How many times new settings were loaded and applied. */
    public long reloads() {
        return reloads;
    }

    /** How many times changed files could not be loaded and it was logged (each content counted once). */
    public long failures() {
        return failures;
    }

    /** Stops watching. Safe twice. */
    @Override
    public void close() {
        thread.interrupt();
    }

    private void run() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(period);
            } catch (InterruptedException e) {
                return;
            }
            look();
        }
    }

    private void look() {
        String now = fingerprint();
        if (!now.equals(seen)) {
            seen = now; // changing: wait until it has stayed the same for a period
            failedLooks = 0;
            return;
        }
        if (now.equals(applied) || now.equals(reported)) {
            return;
        }
        ServerTls next;
        try {
            next = load.get();
            apply.accept(next);
        } catch (RuntimeException e) {
            if (++failedLooks >= FAILED_LOOKS_BEFORE_LOG) {
                reported = now;
                failures++;
                LOG.log(Level.WARNING, "TLS files changed but cannot be used; keeping the certificate in use: "
                        + e.getMessage());
            }
            return;
        }
        applied = now;
        reloads++;
        LOG.log(Level.INFO, "TLS certificate reloaded: " + next.keyMaterials().stream()
                .map(k -> k.certificate().getSubjectX500Principal().getName() + " (valid until "
                        + k.certificate().getNotAfter().toInstant() + ")")
                .toList());
    }

    /** A digest of every watched file's content (through links), or of why it cannot be read. */
    private String fingerprint() {
        MessageDigest digest = sha256();
        for (Path path : paths) {
            digestPath(digest, path);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void digestPath(MessageDigest digest, Path path) {
        digest.update(path.toString().getBytes(StandardCharsets.UTF_8));
        if (Files.isDirectory(path)) {
            try (Stream<Path> files = Files.list(path)) {
                files.filter(f -> !f.getFileName().toString().startsWith(".."))
                        .sorted()
                        .filter(Files::isRegularFile)
                        .forEach(f -> digestFile(digest, f));
            } catch (IOException | UncheckedIOException e) {
                digest.update(("unreadable directory: " + e).getBytes(StandardCharsets.UTF_8));
            }
            return;
        }
        digestFile(digest, path);
    }

    private static void digestFile(MessageDigest digest, Path file) {
        digest.update(file.toString().getBytes(StandardCharsets.UTF_8));
        try {
            byte[] content = Files.readAllBytes(file);
            digest.update(sha256().digest(content));
        } catch (IOException e) {
            digest.update(("unreadable: " + e.getClass().getName()).getBytes(StandardCharsets.UTF_8));
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "TlsReloader" + Arrays.toString(paths.toArray());
    }
}
