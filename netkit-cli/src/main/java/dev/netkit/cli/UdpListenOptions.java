package dev.netkit.cli;

import dev.netkit.udp.UdpSocket;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.UnknownHostException;
import java.util.Collections;

/** {@code listen --udp}, and {@code --join} for a multicast group. */
final class UdpListenOptions implements UsageCheck {

    private static final System.Logger LOG = System.getLogger("dev.netkit.cli");

    @Option(names = "--udp", description = "Listen for UDP datagrams and print them; each line of standard input goes"
            + " back as one datagram to the first sender (with -k: to the latest one).")
    boolean udp;

    @Option(names = "--join", paramLabel = "GROUP", description = "With --udp: join this multicast group (on every"
            + " address of PORT) and print what any member sends to it.")
    String join;

    @Option(names = "--interface", paramLabel = "NAME", description = "With --join: the network interface to join"
            + " on, such as eth0 or lo (default: the first one up that does multicast).")
    String networkInterface;

    private InetAddress group;

    @Override
    public void check(GivenOptions given) {
        given.requiredBy("--udp", "--join");
        given.requiredBy("--join", "--interface");
        for (String stream : new String[] {"--unix", "--tls", "--exec", "--sh-exec", "--broker", "--max-connections",
                "--idle-timeout", "--transport"}) {
            given.apart("--udp", stream, stream.equals("--tls") ? "DTLS is not supported" : "UDP has no connections");
        }
    }

    /** The checks that need the command's [HOST] PORT. */
    void checkAddress(GivenOptions given, String host) {
        if (join == null) {
            return;
        }
        if (!host.isEmpty()) {
            throw given.error("--join and HOST do not go together (a group's member listens on every address)");
        }
        try {
            group = InetAddress.getByName(join);
        } catch (UnknownHostException e) {
            throw given.error("--join: unknown group '" + join + "'");
        }
        if (!group.isMulticastAddress()) {
            throw given.error("--join: " + join + " is not a multicast address (224.0.0.0/4 or ff00::/8)");
        }
    }

    /** Listens on {@code host} and {@code port} (and joins the group) until the process is stopped. */
    int listen(Terminal terminal, String host, int port, boolean keepOpen) throws IOException {
        UdpSocket.Builder builder = UdpSocket.builder();
        if (group != null) {
            boolean v6 = group instanceof Inet6Address;
            builder.family(v6 ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET).reuseAddress(true)
                    .bind(new InetSocketAddress(InetAddress.getByName(v6 ? "::" : "0.0.0.0"), port));
        } else {
            builder.bind(host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port));
        }
        try (UdpSocket socket = builder.open()) {
            String membership = "";
            if (group != null) {
                NetworkInterface nif = networkInterface();
                socket.joinGroup(group, nif);
                membership = ", member of " + group.getHostAddress() + " on " + nif.getName();
            }
            InetSocketAddress local = socket.localAddress();
            LOG.log(Level.INFO, ListenCommand.NAME + " receiving UDP on " + local.getAddress().getHostAddress() + ":"
                    + local.getPort() + membership);
            UdpListener.run(socket, keepOpen || group != null, terminal.in(), terminal.out(), terminal.err());
        }
        return ExitCode.OK;
    }

    private NetworkInterface networkInterface() throws SocketException {
        if (networkInterface != null) {
            NetworkInterface named = NetworkInterface.getByName(networkInterface);
            if (named == null) {
                throw new SocketException("no network interface named " + networkInterface);
            }
            return named;
        }
        for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nif.isUp() && nif.supportsMulticast() && !nif.isLoopback()) {
                return nif;
            }
        }
        NetworkInterface loopback = NetworkInterface.getByInetAddress(InetAddress.getLoopbackAddress());
        if (loopback == null) {
            throw new SocketException("no network interface to join " + group.getHostAddress() + " on; name one with --interface");
        }
        return loopback;
    }
}
