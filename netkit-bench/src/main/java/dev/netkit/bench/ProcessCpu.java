package dev.netkit.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CPU time a process has used, user and system, all its threads together, from Linux's
 * {@code /proc/PID/stat}: how the load generator charges a server, whatever it is written in, for
 * the messages it handled. The kernel counts in clock ticks of 10 ms ({@code USER_HZ} is 100 on
 * every Linux architecture), so a window of a few seconds is measured to a fraction of a percent.
 */
final class ProcessCpu {

    /** Nanoseconds per clock tick of {@code /proc}: {@code USER_HZ} is 100. */
    static final long NANOS_PER_TICK = 10_000_000;

    private ProcessCpu() {
    }

    /** User plus system CPU of {@code pid} in nanoseconds, or -1 where it cannot be read (another OS, a process that is gone). */
    static long nanos(long pid) {
        try {
            return parseStat(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * User plus system CPU in nanoseconds from the text of a {@code /proc/PID/stat}: fields 14
     * and 15, counted after the command name, which is in parentheses and may hold spaces.
     *
     * @throws IllegalArgumentException when the text is not such a line
     */
    static long parseStat(String stat) {
        int close = stat.lastIndexOf(')');
        String[] fields = stat.substring(close + 1).trim().split(" ");
        if (close < 0 || fields.length < 13) {
            throw new IllegalArgumentException("not a /proc/PID/stat line: " + stat);
        }
        // fields[0] is field 3 (the state): utime, field 14, is fields[11].
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * NANOS_PER_TICK;
    }
}
