package dev.netkit.epoll;

import dev.netkit.TransportType;
import dev.netkit.internal.Transport;
import dev.netkit.internal.TransportProvider;

import java.util.Locale;
import java.util.Optional;

/**
 * Offers the epoll transport to {@link dev.netkit.internal.Transports}.
 *
 * <p>This class alone is compiled for Java 21 and touches the rest of the module only by
 * reflection, once the checks pass: on JDK 21 the ServiceLoader can still instantiate it and hear
 * why epoll cannot run, where loading a Java 22 class would fail the whole lookup.
 *
 * <p>Threading: any thread; the outcome is computed once.
 */
public final class EpollTransportProvider implements TransportProvider {

    private static final String TRANSPORT_CLASS = "dev.netkit.epoll.EpollTransport";

    private volatile Outcome outcome;

    private record Outcome(Transport transport, String reason) {
    }

    @Override
    public TransportType type() {
        return TransportType.EPOLL;
    }

    @Override
    public Optional<String> unavailabilityReason() {
        return Optional.ofNullable(outcome().reason());
    }

    @Override
    public Transport transport() {
        Outcome o = outcome();
        if (o.transport() == null) {
            throw new IllegalStateException("the epoll transport cannot run here: " + o.reason());
        }
        return o.transport();
    }

    private Outcome outcome() {
        Outcome o = outcome;
        if (o == null) {
            o = outcome = check();
        }
        return o;
    }

    private Outcome check() {
        String os = System.getProperty("os.name", "");
        if (!os.toLowerCase(Locale.ROOT).startsWith("linux")) {
            return new Outcome(null, "epoll needs Linux, this is " + os);
        }
        String arch = System.getProperty("os.arch", "");
        if (!arch.equals("amd64") && !arch.equals("x86_64") && !arch.equals("aarch64")) {
            return new Outcome(null, "epoll supports x86-64 and aarch64, this is " + arch);
        }
        int feature = Runtime.version().feature();
        if (feature < 22) {
            return new Outcome(null, "epoll needs JDK 22 or newer (the foreign function API), this is JDK " + feature);
        }
        Module module = EpollTransportProvider.class.getModule();
        try {
            // Module.isNativeAccessEnabled() exists from JDK 22; this class is compiled for 21.
            boolean enabled = (boolean) Module.class.getMethod("isNativeAccessEnabled").invoke(module);
            if (!enabled) {
                String name = module.isNamed() ? module.getName() : "ALL-UNNAMED";
                return new Outcome(null, "native access is not enabled (run java with --enable-native-access=" + name + ")");
            }
            Class<?> type = Class.forName(TRANSPORT_CLASS, true, EpollTransportProvider.class.getClassLoader());
            return new Outcome((Transport) type.getField("INSTANCE").get(null), null);
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return new Outcome(null, "epoll failed to start: " + cause);
        }
    }
}
