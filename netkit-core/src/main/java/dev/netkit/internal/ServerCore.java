package dev.netkit.internal;

import dev.netkit.ConnectionHandler;
import dev.netkit.Endpoint;
import dev.netkit.ServerStats;
import dev.netkit.ShutdownResult;
import dev.netkit.proxy.ProxyProtocol;
import dev.netkit.tls.TlsErrors;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The running part of a {@link dev.netkit.Server}: listener threads, the open sessions, the idle
 * sweeper, and stopping.
 */
public final class ServerCore {

    static final System.Logger LOG = System.getLogger("dev.netkit.Server");
    /** How long a forced stop waits, in all, for handlers to notice their connections closed. */
    private static final Duration FORCED_JOIN = Duration.ofSeconds(1);
    /**
     * How long a connection waiting for its next turn's input, and idle since the stop began,
     * must go on moving no byte either way before the stop closes it: short, so that stopping a
     * server of idle connections stays quick.
     */
    private static final long STOP_IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    /**
     * The same for one that has moved bytes since the stop began: a relay between the bursts of
     * a stream that is still coming is not idle, and a stream's pauses last as long as TCP's own
     * waits (a retransmission or a probe of a closed window: 200 ms, then 400 ms).
     */
    private static final long STOP_QUIET_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** How often a stop looks for such quiet connections. */
    private static final long STOP_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /**
     * The looks in a row that must find such a connection quiet: the quiet period spans them, so
     * that a pause of the whole process does not pass for the connection's own.
     */
    private static final int STOP_QUIET_LOOKS = 4;

    static {
        // Load the accept loop's error path now: out of descriptors (EMFILE), loading a class from
        // a directory or an unopened jar needs a descriptor too, and the NoClassDefFoundError would
        // end the accept loop for good instead of letting it back off.
        SocketErrors.describe(new IOException());
    }

    /** The settings a server runs with, checked by the builder; {@code proxy} is null when headers are not taken. */
    public record Settings(String name, ConnectionHandler handler, int maxConnections, Duration idleTimeout,
                           ChannelUpgrade upgrade, Duration upgradeTimeout, AccessFilter access,
                           ProxyProtocol proxy) {
    }

    private final Transport transport;
    private final List<ListenChannel> listeners;
    private final List<Endpoint> endpoints;
    private final Settings settings;
    private final Semaphore permits;
    private final Set<Session> sessions = ConcurrentHashMap.newKeySet();
    private final ServerCounters counters = new ServerCounters();
    /** Every turn's thread, the first and those after a {@code resumeOnInput}. */
    private final ThreadFactory connectionThreads;
    /** The context class loader of the thread that started the server, for every later turn too. */
    private final ClassLoader contextLoader;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition drained = lock.newCondition();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final List<Thread> listenerThreads;
    private final Thread sweeper;
    private volatile boolean stopping;
    private ShutdownResult result;

    private ServerCore(Transport transport, List<ListenChannel> listeners, Settings settings) {
        this.transport = transport;
        this.listeners = List.copyOf(listeners);
        this.endpoints = listeners.stream().map(ListenChannel::endpoint).toList();
        this.settings = settings;
        this.permits = new Semaphore(settings.maxConnections());
        // A later turn's thread is started by whichever thread saw the input (a poller, a closing
        // thread): it must inherit nothing from that one, and so the first turn inherits nothing
        // either; every turn gets the starting thread's context class loader. One name for all:
        // a numbered name is a string per connection, and the log lines carry the connection's id.
        this.connectionThreads = Thread.ofVirtual().name(settings.name() + "-conn")
                .inheritInheritableThreadLocals(false).factory();
        this.contextLoader = Thread.currentThread().getContextClassLoader();
        this.listenerThreads = this.listeners.stream()
                .map(l -> Thread.ofPlatform().name(settings.name() + "-accept-" + l.endpoint()).daemon(false)
                        .unstarted(() -> acceptLoop(l)))
                .toList();
        boolean sweep = !settings.idleTimeout().isZero() || settings.upgrade() != ChannelUpgrade.NONE
                || settings.proxy() != null;
        this.sweeper = sweep ? Thread.ofVirtual().name(settings.name() + "-idle").unstarted(this::sweepLoop) : null;
    }

    public static ServerCore start(Transport transport, List<ListenChannel> listeners, Settings settings) {
        ServerCore core = new ServerCore(transport, listeners, settings);
        for (ListenChannel l : core.listeners) {
            LOG.log(Level.INFO, "{0} listening on {1} ({2}transport {3}, max {4})",
                    settings.name(), l.endpoint(), settings.upgrade() == ChannelUpgrade.NONE ? "" : "TLS, ",
                    transport.name(), connections(settings.maxConnections()));
        }
        core.listenerThreads.forEach(Thread::start);
        if (core.sweeper != null) {
            core.sweeper.start();
        }
        return core;
    }

    /** "1 connection", "2 connections": the count as a log line says it. */
    static String connections(int count) {
        return count + (count == 1 ? " connection" : " connections");
    }

    public String name() {
        return settings.name();
    }

    public List<Endpoint> endpoints() {
        return endpoints;
    }

    public int connectionCount() {
        return sessions.size();
    }

    public String transportName() {
        return transport.name();
    }

    /** Who may connect, and the count of those refused. */
    public AccessFilter access() {
        return settings.access();
    }

    /** The counters that {@link #stats()} reads, for the parts of the server that count. */
    public ServerCounters counters() {
        return counters;
    }

    /** A snapshot of the counters, with the bytes of the connections open now. */
    public ServerStats stats() {
        Iterable<ChannelConnection> open = () -> sessions.stream().map(s -> s.connection).iterator();
        return counters.snapshot(open, sessions.size(), permits.getQueueLength());
    }

    private void acceptLoop(ListenChannel listener) {
        long backoffMillis = 0;
        while (!stopping) {
            try {
                permits.acquire();
            } catch (InterruptedException e) {
                break;
            }
            StreamChannel channel;
            try {
                channel = listener.accept();
                backoffMillis = 0;
                counters.accepted();
            } catch (IOException | RuntimeException e) {
                permits.release();
                if (stopping) {
                    break;
                }
                // Out of descriptors or a transient error: back off instead of spinning.
                backoffMillis = Math.min(Math.max(backoffMillis * 2, 10), 1000);
                LOG.log(Level.WARNING, "{0}: accept failed on {1}: {2}; retrying in {3} ms",
                        settings.name(), listener.endpoint(), SocketErrors.describe(e), backoffMillis);
                try {
                    Thread.sleep(backoffMillis);
                } catch (InterruptedException ie) {
                    break;
                }
                continue;
            }
            // Before anything else happens on it (a TLS handshake, a thread): a refused peer costs little.
            // With the PROXY protocol, the rules apply to the client the header names, once it is read.
            AccessFilter.Admission admission = settings.proxy() == null
                    ? settings.access().admit(channel) : AccessFilter.Admission.NONE;
            if (admission == null) {
                counters.refused();
                channel.abort();
                permits.release();
                continue;
            }
            Session session = null;
            try {
                session = new Session(new ChannelConnection(channel, true), listener.endpoint());
                session.admission = admission;
                sessions.add(session);
                start(session);
            } catch (RuntimeException | Error e) {
                // Out of memory or threads: this connection is refused, the listener goes on.
                if (session != null) {
                    sessions.remove(session);
                }
                channel.abort();
                admission.release();
                permits.release();
                LOG.log(Level.ERROR, "cannot start a connection's thread; connection refused", e);
            }
        }
    }

    /**
     * Starts a new connection's first turn; or, for a handler made by
     * {@link ConnectionHandler#onInput} on a channel that can wait without a thread, leaves the
     * connection waiting for its first bytes and starts no thread until they come.
     */
    private void start(Session session) {
        ChannelConnection connection = session.connection;
        if (settings.handler() instanceof OnInput first && settings.upgrade() == ChannelUpgrade.NONE
                && settings.proxy() == null && connection.canWaitForInput()) {
            ConnectionLog.opened(connection, session.endpoint);
            ConnectionEvents.opened(settings.name(), connection, session.endpoint);
            session.startWaiting();
            if (connection.waitForInput(() -> resume(session, first.next()))) {
                // Closes what a stop that began meanwhile may not have seen waiting.
                if (stopping) {
                    connection.closeNow();
                }
                return;
            }
            // Bytes are there already: the first turn starts at once.
            resume(session, first.next());
            return;
        }
        session.thread = connectionThreads.newThread(() -> serve(session));
        session.thread.start();
    }

    private void serve(Session session) {
        Thread.currentThread().setContextClassLoader(contextLoader);
        ChannelConnection connection = session.connection;
        try {
            if (settings.proxy() != null) {
                // Before TLS: the balancer sends the header first, then the client's own bytes.
                Duration timeout = settings.proxy().headerTimeout();
                session.deadline(timeout, "no PROXY header within " + timeout.toMillis() + " ms");
                ProxyHandshake.run(connection, settings.proxy());
                session.noDeadline();
                AccessFilter.Admission admission = settings.access().admit(connection.remoteAddress());
                if (admission == null) {
                    counters.refused();
                    connection.abort(); // refused, and logged by the filter
                    finish(session, null);
                    return;
                }
                session.admission = admission;
            }
            ConnectionLog.opened(connection, session.endpoint);
            ConnectionEvents.opened(settings.name(), connection, session.endpoint);
        } catch (Throwable t) {
            finish(session, t);
            return;
        }
        if (settings.upgrade() != ChannelUpgrade.NONE) {
            try {
                session.deadline(settings.upgradeTimeout(), "handshake timeout");
                connection.upgrade(settings.upgrade());
                session.noDeadline();
                counters.handshakeCompleted();
            } catch (Throwable t) {
                handshakeFailed(session, t);
                finish(session, t);
                return;
            }
        }
        runTurns(session, settings.handler());
    }

    private void handshakeFailed(Session session, Throwable failure) {
        TlsErrors.Reason reason = session.deadlinePassed ? TlsErrors.Reason.TIMEOUT : TlsErrors.reason(failure);
        counters.handshakeFailed(reason);
        ConnectionEvents.handshakeFailed(settings.name(), session.connection, reason, failure);
    }

    /**
     * Runs the handler, and the ones it hands on to with {@code resumeOnInput}, on this thread until
     * the connection ends or waits for input without a thread; then the connection belongs to
     * whichever thread {@link #resume} starts.
     */
    private void runTurns(Session session, ConnectionHandler handler) {
        ChannelConnection connection = session.connection;
        Throwable failure = null;
        try {
            while (true) {
                handler.handle(connection);
                connection.flush();
                ConnectionHandler next = connection.takeResume();
                if (next == null) {
                    break;
                }
                // Between turns, waiting for input: a stop closes the connection once it has been
                // quiet a while (closeQuietWaiting), and lets it go on while bytes keep moving.
                // Without a thread where it can: a stop must not wait for one, nor keep it alive.
                session.thread = null;
                session.startWaiting();
                if (connection.waitForInput(() -> resume(session, next))) {
                    return;
                }
                session.thread = Thread.currentThread();
                if (!connection.canWaitForInput()) {
                    // NIO or TLS: the wait is on this thread, and the connection is as much between
                    // turns as one that waits without a thread. (Otherwise input is there already.)
                    connection.awaitInput();
                }
                if (!session.stopWaiting() || !connection.isOpen()) {
                    // a stop took it while it was quiet, or something else closed it
                    failure = closedWhileWaiting(session, next);
                    break;
                }
                handler = next;
            }
        } catch (Throwable t) {
            failure = t;
        }
        finish(session, failure);
        if (failure instanceof Error error && !(error instanceof StackOverflowError)) {
            throw error;
        }
    }

    /** Called once input arrives for a connection waiting without a thread (or it closes). */
    private void resume(Session session, ConnectionHandler next) {
        // False when a stop took the connection, quiet, and closes it.
        boolean resumed = session.stopWaiting();
        try {
            Thread t = connectionThreads.newThread(() -> {
                Thread.currentThread().setContextClassLoader(contextLoader);
                if (!resumed || !session.connection.isOpen()) {
                    finish(session, closedWhileWaiting(session, next));
                } else {
                    runTurns(session, next);
                }
            });
            session.thread = t;
            t.start();
        } catch (RuntimeException | Error e) {
            // Out of memory or threads: this connection ends, the others go on; nothing may
            // escape into the poller or closing thread that runs this.
            try {
                session.connection.abort();
                finish(session, e);
            } catch (RuntimeException | Error again) {
                LOG.log(Level.ERROR, "cannot end a connection after failing to resume it", again);
            }
        }
    }

    /** Lets {@code next} clean up after a connection that closed while it waited; what it threw, or null. */
    private static Throwable closedWhileWaiting(Session session, ConnectionHandler next) {
        try {
            session.connection.close();
            next.closedWhileWaiting(session.connection);
            return null;
        } catch (Exception e) {
            return e;
        }
    }

    /** Closes the connection, releases its place and logs it: once per connection. */
    private void finish(Session session, Throwable failure) {
        ChannelConnection connection = session.connection;
        try {
            connection.close();
        } catch (RuntimeException e) {
            connection.abort();
        }
        // Counted before it leaves the open ones: a snapshot without it has counted its failure.
        if (ConnectionLog.isHandlerBug(session, failure)) {
            counters.handlerFailed();
        }
        // Logged before the session goes: a stop that sees no session left has every close line
        // out, so a process that exits after the stop does not lose the last one.
        ConnectionLog.closed(connection, session, failure);
        ConnectionEvents.closed(settings.name(), session);
        sessions.remove(session);
        session.admission.release();
        permits.release();
        counters.closed(connection.bytesRead(), connection.bytesWritten());
        if (sessions.isEmpty()) {
            lock.lock();
            try {
                drained.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    private void sweepLoop() {
        long idleNanos = settings.idleTimeout().toNanos();
        long period = idleNanos == 0 ? TimeUnit.MILLISECONDS.toNanos(100)
                : Math.clamp(idleNanos / 4, TimeUnit.MILLISECONDS.toNanos(10), TimeUnit.SECONDS.toNanos(1));
        while (!stopping) {
            try {
                Thread.sleep(Duration.ofNanos(period));
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (Session s : sessions) {
                if (s.check(now, idleNanos)) {
                    counters.idleTimeout();
                    ConnectionEvents.idleTimeout(settings.name(), s.connection, idleNanos);
                    s.connection.closeNow();
                }
            }
        }
    }

    public ShutdownResult stop(Duration grace) {
        lock.lock();
        try {
            if (stopping) {
                while (result == null) {
                    drained.awaitUninterruptibly();
                }
                return result;
            }
            stopping = true;
        } finally {
            lock.unlock();
        }
        long start = System.nanoTime();
        listeners.forEach(ListenChannel::close);
        if (sweeper != null) {
            sweeper.interrupt();
        }
        // Closing wakes an accept; only a thread still waiting for a permit or backing off needs
        // an interrupt. Interrupting an accept that just took a connection would lose it: the
        // JDK's blocking accept then throws and drops the new socket unserved.
        long woken = System.nanoTime() + FORCED_JOIN.toNanos();
        for (Thread t : listenerThreads) {
            joinQuietly(t, Duration.ofNanos(Math.max(1, woken - System.nanoTime())));
        }
        listenerThreads.forEach(Thread::interrupt);
        for (Thread t : listenerThreads) {
            joinQuietly(t, Duration.ofSeconds(5));
        }
        tellStopping();
        long deadline = start + grace.toNanos();
        // The looks for quiet connections run on a virtual thread: when the connections' threads
        // cannot run (busy carriers, a paused process), neither can the looks, so a relay is not
        // taken for quiet because it was not let run.
        Thread watch = null;
        try {
            watch = Thread.ofVirtual().name(settings.name() + "-stop").start(this::watchQuiet);
        } catch (RuntimeException | Error e) {
            LOG.log(Level.WARNING, "cannot start the stop's watch; waiting connections go at the deadline", e);
        }
        awaitDrained(deadline);
        boolean watched = true;
        if (watch != null) {
            watch.interrupt();
            joinQuietly(watch, FORCED_JOIN);
            watched = !watch.isAlive();
        }
        if (watched) {
            // At the deadline (a short grace may not have let the quiet period pass): one that
            // waits and has moved no byte since the stop began was idle and is not forced; the
            // rest, busy handlers and relays that were still moving bytes, are.
            closeQuietWaiting(System.nanoTime(), true);
        }
        int forced = 0;
        for (Session s : sessions) {
            if (s.closedQuiet) {
                continue; // its turn's thread is finishing it
            }
            forced++;
            s.closeReason = "server stopped";
            s.connection.closeNow();
            Thread t = s.thread; // read once: a turn that ends may clear it meanwhile
            if (t != null) {
                t.interrupt(); // a handler may be waiting on something other than its socket
            }
        }
        long joinDeadline = System.nanoTime() + FORCED_JOIN.toNanos();
        for (Session s : sessions) {
            long left = joinDeadline - System.nanoTime();
            Thread t = s.thread;
            if (t != null && left > 0) {
                joinQuietly(t, Duration.ofNanos(left));
            }
        }
        // Those closed while they waited without a thread end on one their close starts.
        awaitDrained(joinDeadline);
        settings.access().flushLog();
        counters.forcedAtStop(forced);
        ShutdownResult r = new ShutdownResult(forced == 0, forced, Duration.ofNanos(System.nanoTime() - start));
        LOG.log(Level.INFO, "{0} stopped {1} in {2} ms{3}", settings.name(), forced == 0 ? "gracefully" : "by force",
                r.elapsed().toMillis(), forced == 0 ? "" : " (" + connections(forced) + " closed at the deadline)");
        lock.lock();
        try {
            result = r;
            drained.signalAll();
        } finally {
            lock.unlock();
        }
        stopped.countDown();
        return r;
    }

    /**
     * Runs each connection's {@link dev.netkit.Connection#onStop} actions, on a virtual thread per
     * connection, so that one peer slow to read does not hold up the notices to the others.
     */
    private void tellStopping() {
        for (Session s : sessions) {
            List<ConnectionHandler> actions = s.connection.beginStop();
            if (actions.isEmpty()) {
                continue;
            }
            ChannelConnection connection = s.connection;
            try {
                Thread.ofVirtual().name(settings.name() + "-stop-notice")
                        .start(() -> actions.forEach(action -> StopActions.run(action, connection)));
            } catch (RuntimeException | Error e) {
                LOG.log(Level.WARNING, "#" + connection.id() + " cannot start its onStop actions", e);
            }
        }
    }

    /** The stop's watch: looks for quiet waiting connections until the stop interrupts it. */
    private void watchQuiet() {
        closeQuietWaiting(System.nanoTime(), false); // the first look at each connection
        while (!sessions.isEmpty()) {
            try {
                Thread.sleep(Duration.ofNanos(STOP_CHECK_NANOS));
            } catch (InterruptedException e) {
                return;
            }
            closeQuietWaiting(System.nanoTime(), false);
        }
    }

    /**
     * Closes the connections waiting for their next turn's input that have moved no byte either
     * way for a while ({@link #STOP_IDLE_NANOS} for those idle since the stop began,
     * {@link #STOP_QUIET_NANOS} for the rest, over {@link #STOP_QUIET_LOOKS} looks at least), or
     * {@code atDeadline} since the stop began: those are between messages, where a relay whose
     * peer is still sending is not. The turn that input would start does not run
     * ({@link Session#stopWaiting()}).
     */
    private void closeQuietWaiting(long now, boolean atDeadline) {
        for (Session s : sessions) {
            if (s.closedQuiet) {
                continue;
            }
            // The wait first, then the bytes: a wait that began after bytes were counted is a
            // later one, which the stop then cannot end.
            long wait = s.waits();
            long quiet = s.quietForStop(now);
            boolean idleAllAlong = quiet > 0 && s.quietAllAlongForStop();
            boolean idle = (quiet >= (idleAllAlong ? STOP_IDLE_NANOS : STOP_QUIET_NANOS)
                    && s.quietLooksForStop() >= STOP_QUIET_LOOKS) || (atDeadline && idleAllAlong);
            if (idle && s.stopWaiting(wait)) {
                s.closedQuiet = true;
                s.connection.closeNow();
            }
        }
    }

    /** Waits until every session has finished or {@code until} (a nanoTime); true when all have. */
    private boolean awaitDrained(long until) {
        lock.lock();
        try {
            long left;
            while (!sessions.isEmpty() && (left = until - System.nanoTime()) > 0) {
                drained.awaitNanos(left);
            }
            return sessions.isEmpty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return sessions.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    private static void joinQuietly(Thread t, Duration timeout) {
        try {
            t.join(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
