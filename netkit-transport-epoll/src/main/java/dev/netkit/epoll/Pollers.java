package dev.netkit.epoll;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The process's pollers and their waker, started on first use and never stopped: they cost
 * nothing while idle (a parked virtual thread and a platform thread asleep in the kernel).
 *
 * <p>One poller per four CPUs by default ({@code -Dnetkit.epoll.pollers=N} to change): a poller
 * only moves readiness flags and unparks threads, so one keeps up with many carriers.
 *
 * <p>Threading: any thread.
 */
final class Pollers {

    private static final List<Poller> POLLERS;
    private static final AtomicInteger NEXT = new AtomicInteger();

    static {
        int count = Integer.getInteger("netkit.epoll.pollers",
                Math.max(1, (Runtime.getRuntime().availableProcessors() + 3) / 4));
        try {
            List<Poller> pollers = new ArrayList<>();
            for (int i = 0; i < Math.max(1, count); i++) {
                pollers.add(new Poller(i));
            }
            Waker waker = new Waker(pollers);
            pollers.forEach(p -> p.start(waker));
            POLLERS = List.copyOf(pollers);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Pollers() {
    }

    /** The poller for a new socket: round robin. */
    static Poller next() {
        List<Poller> pollers = POLLERS;
        return pollers.size() == 1 ? pollers.get(0) : pollers.get(Math.floorMod(NEXT.getAndIncrement(), pollers.size()));
    }

    /** Starts the pollers now, so that a failure shows when the transport is chosen, not at first use. */
    static int count() {
        return POLLERS.size();
    }
}
