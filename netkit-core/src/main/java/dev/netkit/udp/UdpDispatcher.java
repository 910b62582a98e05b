package dev.netkit.udp;

import dev.netkit.ShutdownResult;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The running part of a {@link UdpServer}. The receiver virtual thread runs {@link #receiveLoop()}
 * alone; each handled datagram runs {@link #handle} on a virtual thread of its own, holding one of
 * {@code maxHandlers} permits; {@link #stop} runs on the caller's thread.
 */
final class UdpDispatcher {

    static final System.Logger LOG = System.getLogger("dev.netkit.udp.UdpServer");
    /** How long stop waits for the wake-up datagram to reach the receiver before closing the socket. */
    private static final Duration WAKE_TIMEOUT = Duration.ofMillis(500);

    private final UdpSocket socket;
    private final InetSocketAddress localAddress;
    private final DatagramHandler handler;
    private final int maxHandlers;
    private final String name;
    private final Semaphore permits;
    private final Set<Thread> running = ConcurrentHashMap.newKeySet();
    private final ThreadFactory handlerThreads;
    private final Thread receiver;
    private final LongAdder received = new LongAdder();
    private final LongAdder handled = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder truncated = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final AtomicInteger progressWaiters = new AtomicInteger();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean stopping;
    private ShutdownResult result;

    private UdpDispatcher(UdpSocket socket, DatagramHandler handler, int maxHandlers, String name) {
        this.socket = socket;
        this.localAddress = socket.localAddress();
        this.handler = handler;
        this.maxHandlers = maxHandlers;
        this.name = name;
        this.permits = new Semaphore(maxHandlers);
        this.handlerThreads = Thread.ofVirtual().name(name + "-handler-", 1).factory();
        this.receiver = Thread.ofVirtual().name(name + "-receive").unstarted(this::receiveLoop);
    }

    static UdpDispatcher start(UdpSocket socket, DatagramHandler handler, int maxHandlers, String name) {
        UdpDispatcher d = new UdpDispatcher(socket, handler, maxHandlers, name);
        LOG.log(Level.INFO, "{0} receiving UDP on {1} (max {2} bytes per datagram, {3} handlers)",
                name, describe(d.localAddress), String.valueOf(socket.maxDatagramSize()), String.valueOf(maxHandlers));
        d.receiver.start();
        return d;
    }

    InetSocketAddress localAddress() {
        return localAddress;
    }

    String name() {
        return name;
    }

    UdpCounters counters() {
        // received is counted last for each datagram, so reading it first never shows more
        // datagrams received than accounted for.
        long r = received.sum();
        return new UdpCounters(r, handled.sum(), dropped.sum(), truncated.sum(), failed.sum(), sent.sum());
    }

    private void receiveLoop() {
        try {
            receiveUntilStopped();
        } catch (RuntimeException | Error e) {
            // Without its receiver the server is deaf: say so loudly rather than look alive.
            LOG.log(Level.ERROR, name + ": the receiving thread failed; no more datagrams are read", e);
            throw e;
        }
    }

    private void receiveUntilStopped() {
        long backoffMillis = 0;
        while (!stopping) {
            Datagram datagram;
            try {
                datagram = socket.receive();
                backoffMillis = 0;
            } catch (IOException e) {
                if (stopping || !socket.isOpen()) {
                    break;
                }
                // A transient error (out of memory for a buffer, an ICMP error): back off, never spin.
                backoffMillis = Math.min(Math.max(backoffMillis * 2, 10), 1000);
                LOG.log(Level.WARNING, "{0}: receive failed: {1}; retrying in {2} ms", name, e.toString(), backoffMillis);
                try {
                    Thread.sleep(backoffMillis);
                } catch (InterruptedException ie) {
                    break;
                }
                continue;
            }
            if (stopping) {
                // The wake-up datagram from stop(), or one that arrived after stop began: not served.
                break;
            }
            if (datagram.truncated()) {
                truncated.increment();
                LOG.log(Level.DEBUG, "{0}: datagram from {1} longer than {2} bytes, not handled",
                        name, describe(datagram.sender()), socket.maxDatagramSize());
            } else if (permits.tryAcquire() && startHandler(datagram)) {
                handled.increment();
            } else {
                dropped.increment();
            }
            received.increment();
            if (progressWaiters.get() > 0) {
                signalChanged();
            }
        }
    }

    private boolean startHandler(Datagram datagram) {
        Thread thread = handlerThreads.newThread(() -> handle(datagram));
        running.add(thread);
        try {
            thread.start();
            return true;
        } catch (RuntimeException | Error e) {
            running.remove(thread);
            permits.release();
            LOG.log(Level.ERROR, "cannot start a thread for a datagram", e);
            return false;
        }
    }

    private void handle(Datagram datagram) {
        try {
            handler.handle(datagram, new UdpReply(socket, datagram.sender(), sent));
        } catch (Exception e) {
            failed.increment();
            if (e instanceof IOException || e instanceof InterruptedException) {
                // Routine: a reply the kernel refused, or a handler stopped at the deadline.
                LOG.log(Level.DEBUG, "{0}: handler for a datagram from {1} failed: {2}",
                        name, describe(datagram.sender()), e.toString());
            } else {
                LOG.log(Level.WARNING, name + ": handler failed for a datagram from " + describe(datagram.sender()), e);
            }
        } finally {
            running.remove(Thread.currentThread());
            permits.release();
        }
    }

    ShutdownResult stop(Duration grace) {
        lock.lock();
        try {
            if (stopping) {
                while (result == null) {
                    changed.awaitUninterruptibly();
                }
                return result;
            }
            stopping = true;
        } finally {
            lock.unlock();
        }
        long start = System.nanoTime();
        // The socket stays open while handlers finish, so they can still reply: the receiver is
        // woken by a datagram to itself, and only if that does not arrive is the socket closed.
        wakeReceiver();
        if (!join(receiver, WAKE_TIMEOUT)) {
            socket.close();
            join(receiver, WAKE_TIMEOUT);
        }
        boolean finished;
        try {
            long left = Math.max(0, start + grace.toNanos() - System.nanoTime());
            // A handler may stop its own server: its permit comes back only after stop returns.
            int own = running.contains(Thread.currentThread()) ? 1 : 0;
            finished = permits.tryAcquire(maxHandlers - own, left, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finished = false;
        }
        socket.close();
        int forced = 0;
        if (!finished) {
            for (Thread t : running) {
                if (t != Thread.currentThread()) {
                    forced++;
                    t.interrupt();
                }
            }
        }
        ShutdownResult r = new ShutdownResult(forced == 0, forced, Duration.ofNanos(System.nanoTime() - start));
        UdpCounters c = counters();
        LOG.log(Level.INFO, "{0} stopped {1} in {2} ms ({3} received, {4} handled, {5} dropped, {6} truncated, {7} sent){8}",
                name, forced == 0 ? "gracefully" : "by force", r.elapsed().toMillis(), c.received(), c.handled(),
                c.dropped(), c.truncated(), c.sent(), forced == 0 ? "" : "; " + forced + " handlers interrupted at the deadline");
        lock.lock();
        try {
            result = r;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        stopped.countDown();
        return r;
    }

    void awaitStop() throws InterruptedException {
        stopped.await();
    }

    boolean awaitReceived(long count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        progressWaiters.incrementAndGet();
        lock.lock();
        try {
            while (received.sum() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                changed.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
            progressWaiters.decrementAndGet();
        }
    }

    private void signalChanged() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Sends an empty datagram from the socket to itself; best effort, the caller has a fallback. */
    private void wakeReceiver() {
        InetAddress host = localAddress.getAddress();
        List<String> targets = host.isAnyLocalAddress() ? List.of("127.0.0.1", "::1") : List.of(host.getHostAddress());
        for (String target : targets) {
            try {
                // An address literal: resolved without any name lookup.
                socket.send(new byte[0], new InetSocketAddress(InetAddress.getByName(target), localAddress.getPort()));
                return;
            } catch (IOException | RuntimeException e) {
                // Try the next form of "this host", then fall back to closing the socket.
            }
        }
    }

    private static boolean join(Thread thread, Duration timeout) {
        try {
            return thread.join(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !thread.isAlive();
        }
    }

    /** An address for log lines: "*" for every interface. */
    static String describe(InetSocketAddress address) {
        InetAddress host = address.getAddress();
        String h = host == null ? address.getHostString() : host.isAnyLocalAddress() ? "*" : host.getHostAddress();
        return (h.indexOf(':') >= 0 ? "[" + h + "]" : h) + ":" + address.getPort();
    }
}
