package dev.netkit.cli.bench;

import java.io.PrintStream;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** A progress line at most once a second. Threading: one thread. */
final class Progress {

    private static final long PERIOD = TimeUnit.SECONDS.toNanos(1);

    private final PrintStream out;
    private final long start = System.nanoTime();
    private long next = start + PERIOD;

    Progress(PrintStream out) {
        this.out = out;
    }

    /** Prints the line when a second has passed since the last one. */
    void maybe(Supplier<String> line) {
        long now = System.nanoTime();
        if (now >= next) {
            next = now + PERIOD;
            print(line.get());
        }
    }

    void print(String line) {
        out.printf("[%3ds] %s%n", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start), line);
        out.flush();
    }
}
