package dev.netkit.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The resident memory of a process, from Linux's {@code /proc/PID/status}. */
final class ProcessMemory {

    private ProcessMemory() {
    }

    /** VmRSS in KiB, or -1 where it cannot be read (another OS, a process that is gone). */
    static long residentKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring(6).replace("kB", "").trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
