package dev.netkit.internal;

import dev.netkit.TransportType;

import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Picks the transport for a {@link TransportType}. Transports other than NIO are found through
 * {@link ServiceLoader} as {@link TransportProvider}s, so netkit-core never depends on them.
 */
public final class Transports {

    /** The system property that pins what {@link TransportType#AUTO} selects. */
    public static final String PROPERTY = "netkit.transport";

    private static volatile Optional<TransportProvider> epoll;
    private static volatile boolean fallbackLogged;

    private Transports() {
    }

    /**
     * The transport to use.
     *
     * @throws IllegalStateException when {@code type} is {@code EPOLL} and epoll cannot run here,
     *         with the reason
     */
    public static Transport select(TransportType type) {
        if (type == TransportType.AUTO) {
            type = defaultType();
        }
        return switch (type) {
            case NIO -> NioTransport.INSTANCE;
            case AUTO -> epollProvider().filter(Transports::canRun)
                    .map(TransportProvider::transport)
                    .orElse(NioTransport.INSTANCE);
            case EPOLL -> {
                TransportProvider provider = epollProvider().orElseThrow(() -> new IllegalStateException(
                        "the epoll transport is not installed (add netkit-transport-epoll to the module or class path)"));
                Optional<String> reason = provider.unavailabilityReason();
                if (reason.isPresent()) {
                    throw new IllegalStateException("the epoll transport cannot run here: " + reason.get());
                }
                yield provider.transport();
            }
        };
    }

    /**
     * What {@code AUTO} means in this JVM: the system property {@value #PROPERTY} ({@code nio},
     * {@code epoll} or {@code auto}) lets an operator or a test suite pin every server and client.
     */
    static TransportType defaultType() {
        String value = System.getProperty(PROPERTY, "auto");
        try {
            return TransportType.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("system property " + PROPERTY + " must be nio, epoll or auto, not " + value);
        }
    }

    /**
     * Whether an installed transport can run; when it cannot, says why once, since whoever installed
     * it expects it to run and would otherwise find NIO named only in a listening line.
     */
    private static boolean canRun(TransportProvider provider) {
        Optional<String> reason = provider.unavailabilityReason();
        if (reason.isPresent() && !fallbackLogged) {
            fallbackLogged = true;
            System.getLogger("dev.netkit").log(System.Logger.Level.WARNING,
                    "the " + provider.type().name().toLowerCase(java.util.Locale.ROOT)
                            + " transport is installed but cannot run: " + reason.get() + "; using nio");
        }
        return reason.isEmpty();
    }

    private static Optional<TransportProvider> epollProvider() {
        Optional<TransportProvider> found = epoll;
        if (found == null) {
            try {
                found = ServiceLoader.load(TransportProvider.class, Transports.class.getClassLoader()).stream()
                        .map(ServiceLoader.Provider::get)
                        .filter(p -> p.type() == TransportType.EPOLL)
                        .findFirst();
            } catch (ServiceConfigurationError | LinkageError e) {
                // Built for a newer JDK than this one (epoll needs 22+): as good as absent.
                found = Optional.empty();
            }
            epoll = found;
        }
        return found;
    }
}
