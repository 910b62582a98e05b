package dev.netkit.cli;

import dev.netkit.Server;
import dev.netkit.group.ConnectionGroup;
import dev.netkit.micrometer.ConnectionGroupMetrics;
import dev.netkit.micrometer.ServerMetrics;
import dev.netkit.micrometer.UdpServerMetrics;
import dev.netkit.udp.UdpServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * {@code --metrics [HOST:]PORT}: serve {@code /metrics} (Prometheus's text format) and {@code /}
 * (a live status page) over HTTP. Without a host, on loopback only: the numbers say who connects
 * and how much, which is not for every network to read.
 */
final class MetricsOption {

    @Option(names = "--metrics", paramLabel = "[HOST:]PORT", converter = AddressConverter.class,
            description = "Serve /metrics (Prometheus) and / (a live status page) over HTTP on PORT"
                    + " (of 127.0.0.1 unless HOST is given; 0 picks a free port).")
    InetSocketAddress address;

    /** Whether {@code --metrics} was given. */
    boolean enabled() {
        return address != null;
    }

    /**
     * Serves the metrics of {@code server} and {@code groups} when {@code --metrics} was given.
     *
     * @return what stops serving them; does nothing without {@code --metrics}
     * @throws IOException when the metrics address cannot be bound
     */
    AutoCloseable start(String service, Server server, List<ConnectionGroup> groups) throws IOException {
        if (!enabled()) {
            return () -> { };
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new ServerMetrics(server).bindTo(registry);
        groups.forEach(g -> new ConnectionGroupMetrics(g).bindTo(registry));
        return MetricsEndpoint.start(address, registry, new StatusReport(service, StatusSource.of(server), groups));
    }

    /** As {@link #start(String, Server, List)}, for a UDP server. */
    AutoCloseable start(String service, UdpServer server) throws IOException {
        if (!enabled()) {
            return () -> { };
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new UdpServerMetrics(server).bindTo(registry);
        return MetricsEndpoint.start(address, registry, new StatusReport(service, StatusSource.of(server), List.of()));
    }

    /** Reads {@code PORT}, {@code HOST:PORT} or {@code [IPV6]:PORT}. */
    static final class AddressConverter implements ITypeConverter<InetSocketAddress> {

        private final IntRange port = new IntRange.ListenPort();

        @Override
        public InetSocketAddress convert(String value) {
            int colon = value.lastIndexOf(':');
            if (colon < 0) {
                return new InetSocketAddress("127.0.0.1", port.convert(value));
            }
            String host = value.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            } else if (host.indexOf(':') >= 0) {
                throw new TypeConversionException("'" + value + "': write an IPv6 address in brackets, [::1]:9100");
            }
            if (host.isEmpty()) {
                throw new TypeConversionException("'" + value + "': no host before the ':'");
            }
            return new InetSocketAddress(host, port.convert(value.substring(colon + 1)));
        }
    }
}
