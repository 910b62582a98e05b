package dev.netkit.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * A steady stream of connects to a server that greets each connection with a line, each attempt
 * ending {@link Outcome#SERVED} (the greeting came), {@link Outcome#REFUSED} (the connect was
 * refused) or {@link Outcome#LOST} (reset or closed before the greeting). Run as a process of its
 * own ({@link #main}) where the test itself cannot go, such as another network namespace.
 */
public final class ConnectLoop {

    private static final int TIMEOUT_MILLIS = 5000;

    private ConnectLoop() {
    }

    /** What became of a connect. */
    public enum Outcome {
        /** The server's greeting came. */
        SERVED,
        /** The connect was refused: no listener took it. */
        REFUSED,
        /** Connected, then reset or closed before the greeting (or a timeout). */
        LOST
    }

    /**
     * One attempt; {@code detail} receives the greeting when it came, else what happened (the
     * local port and the exception, or the end of the stream).
     */
    public static Outcome attempt(String host, int port, StringBuilder detail) {
        int local = -1;
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
            local = s.getLocalPort();
            s.setSoTimeout(TIMEOUT_MILLIS);
            String line = Sockets.readLine(s.getInputStream());
            if (line.isEmpty()) {
                detail.append("from port ").append(local).append(": closed before a greeting");
                return Outcome.LOST;
            }
            detail.append(line);
            return Outcome.SERVED;
        } catch (ConnectException e) {
            detail.append(e.getMessage());
            return Outcome.REFUSED;
        } catch (IOException e) {
            detail.append("from port ").append(local).append(": ").append(e);
            return Outcome.LOST;
        }
    }

    /**
     * {@code ConnectLoop HOST PORT THREADS PAUSE_MS}: THREADS connect at once, each pausing
     * between its attempts, until standard input ends; prints one line per attempt,
     * {@code SERVED greeting}, {@code REFUSED why} or {@code LOST why}, then {@code done}.
     */
    public static void main(String[] args) throws InterruptedException, IOException {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        int threads = Integer.parseInt(args[2]);
        Duration pause = Duration.ofMillis(Long.parseLong(args[3]));
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> all = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            all.add(Thread.ofPlatform().start(() -> {
                while (!stop.get()) {
                    StringBuilder detail = new StringBuilder();
                    Outcome outcome = attempt(host, port, detail);
                    out.println(outcome + " " + detail);
                    LockSupport.parkNanos(pause.toNanos());
                }
            }));
        }
        System.in.transferTo(OutputStream.nullOutputStream());
        stop.set(true);
        for (Thread t : all) {
            t.join();
        }
        out.println("done");
    }
}
