package dev.netkit.testing;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * The lines one logger writes while a test runs, down to DEBUG: {@code try (LogCapture log =
 * LogCapture.of("dev.netkit.connection")) { ... log.await("opened from 192.0.2.7") ... }}.
 */
public final class LogCapture implements AutoCloseable {

    private final Logger logger;
    private final Level previous;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            lines.add(new SimpleFormatter().formatMessage(r));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private LogCapture(String name) {
        logger = Logger.getLogger(name);
        previous = logger.getLevel();
        logger.setLevel(Level.ALL);
        handler.setLevel(Level.ALL);
        logger.addHandler(handler);
    }

    /** Starts capturing {@code loggerName}'s lines, at every level. */
    public static LogCapture of(String loggerName) {
        return new LogCapture(loggerName);
    }

    /** The lines so far. */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    /** Waits up to 10 s for a line that contains {@code text}, and returns it. */
    public String await(String text) {
        Eventually.await("a log line with \"" + text + "\" among " + lines, Duration.ofSeconds(10),
                () -> lines.stream().anyMatch(l -> l.contains(text)));
        return lines.stream().filter(l -> l.contains(text)).findFirst().orElseThrow();
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
        logger.setLevel(previous);
    }
}
