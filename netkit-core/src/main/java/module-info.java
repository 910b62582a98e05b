/**
 * netkit's core: servers and clients over TCP, Unix domain sockets, UDP and TLS, one virtual
 * thread per connection, on the JDK alone.
 *
 * <p>{@code dev.netkit} holds {@link dev.netkit.Server}, {@link dev.netkit.Client} and
 * {@link dev.netkit.Connection}; {@code dev.netkit.framing} reads and writes lines and frames;
 * {@code dev.netkit.group} broadcasts to many connections; {@code dev.netkit.tls} configures TLS;
 * {@code dev.netkit.udp} serves and sends datagrams; {@code dev.netkit.proxy} reads and writes PROXY
 * protocol headers. {@code dev.netkit.internal} is the transport
 * contract, open only to netkit's own transports.
 *
 * @uses dev.netkit.internal.TransportProvider to find faster transports (netkit-transport-epoll)
 */
module dev.netkit.core {
    exports dev.netkit;
    exports dev.netkit.framing;
    exports dev.netkit.group;
    exports dev.netkit.proxy;
    exports dev.netkit.tls;
    exports dev.netkit.udp;
    exports dev.netkit.internal to dev.netkit.transport.epoll;

    // Flight Recorder events (dev.netkit.*), off unless a recording enables them.
    requires jdk.jfr;

    uses dev.netkit.internal.TransportProvider;
}
