package dev.netkit.cli;

import dev.netkit.Failures;
import dev.netkit.udp.Datagram;
import dev.netkit.udp.UdpSocket;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@code listen --udp}: prints each datagram received (with a line break when it has none, as
 * {@code connect --udp} does) and sends each line of the input as one datagram to the peer. As
 * {@code nc -u -l}, the first sender becomes the only peer: the socket is connected to it and
 * the kernel drops what others send. With {@code anySender} (for {@code -k}, and a multicast
 * group's members) every sender is heard and lines go to the latest one. A line typed before
 * anyone has sent waits for the first sender. Runs until the process is stopped.
 *
 * <p>Threads: a platform daemon thread reads the input and sends; the calling thread receives.
 */
final class UdpListener {

    private static final System.Logger LOG = System.getLogger("dev.netkit.cli");

    private final UdpSocket socket;
    private final boolean anySender;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition heard = lock.newCondition();
    private InetSocketAddress peer;

    private UdpListener(UdpSocket socket, boolean anySender) {
        this.socket = socket;
        this.anySender = anySender;
    }

    /**
     * Receives and prints until the socket is closed or receiving fails.
     *
     * @param socket the bound socket (a member of its groups already); left open
     * @param anySender whether every sender is heard, not the first one only
     * @param input the lines to send
     * @param output where datagrams are printed
     * @param err where a failure to send a line is reported
     * @throws IOException when receiving or writing the output fails
     */
    static void run(UdpSocket socket, boolean anySender, InputStream input, OutputStream output, PrintStream err)
            throws IOException {
        UdpListener listener = new UdpListener(socket, anySender);
        Thread.ofPlatform().daemon().name("netkit-stdin").start(() -> listener.sendInput(input, err));
        listener.receive(output);
    }

    private void receive(OutputStream output) throws IOException {
        while (true) {
            Datagram datagram;
            try {
                datagram = socket.receive();
            } catch (PortUnreachableException e) {
                LOG.log(Level.DEBUG, "the peer's port is unreachable; still listening");
                continue;
            }
            heardFrom(datagram.sender());
            UdpLineClient.write(datagram, output);
        }
    }

    private void heardFrom(InetSocketAddress sender) throws IOException {
        lock.lock();
        try {
            if (peer == null && !anySender) {
                socket.connect(sender);
                LOG.log(Level.INFO, "talking to " + sender.getAddress().getHostAddress() + ":" + sender.getPort()
                        + " only (with -k: to anyone)");
            }
            if (peer == null || anySender) {
                peer = sender;
                heard.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    private void sendInput(InputStream input, PrintStream err) {
        try {
            UdpLineClient.sendLines(input, new AtomicBoolean(), line -> socket.send(line, awaitPeer()));
        } catch (IOException e) {
            err.println("netkit: " + Failures.describe(e) + "; no more input is sent");
        }
    }

    private InetSocketAddress awaitPeer() throws InterruptedIOException {
        lock.lock();
        try {
            while (peer == null) {
                heard.await();
            }
            return peer;
        } catch (InterruptedException e) {
            throw new InterruptedIOException("stopped while waiting for a peer");
        } finally {
            lock.unlock();
        }
    }
}
