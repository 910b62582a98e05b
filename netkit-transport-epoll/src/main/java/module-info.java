/**
 * The Linux epoll transport for netkit, found by the core through {@link java.util.ServiceLoader}:
 * put this module on the module path (or its jar on the class path) and servers and clients run
 * on it. It calls the C library through the foreign function API, so the JVM must be started with
 * {@code --enable-native-access=dev.netkit.transport.epoll} (on the class path:
 * {@code --enable-native-access=ALL-UNNAMED}); without it netkit runs on NIO and says why.
 *
 * @provides dev.netkit.internal.TransportProvider the epoll transport, on Linux
 */
module dev.netkit.transport.epoll {
    requires dev.netkit.core;

    provides dev.netkit.internal.TransportProvider with dev.netkit.epoll.EpollTransportProvider;
}
