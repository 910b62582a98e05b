package dev.netkit.cli;

import dev.netkit.Server;
import dev.netkit.ServerStats;
import dev.netkit.udp.UdpCounters;
import dev.netkit.udp.UdpServer;

import java.util.List;

/** What the status page shows of a running server: where it listens and its numbers. */
interface StatusSource {

    /** A number on the status page: an id for the page's elements, a label for people, the value. */
    record Figure(String id, String label, long value) {
    }

    String transport();

    List<String> listening();

    /** Numbers that go up and down: connections open now. */
    List<Figure> now();

    /** Totals since the start, which the page also shows as rates over the last minute. */
    List<Figure> totals();

    static StatusSource of(Server server) {
        return new StatusSource() {
            @Override
            public String transport() {
                return server.transportName();
            }

            @Override
            public List<String> listening() {
                return server.endpoints().stream().map(Object::toString).toList();
            }

            @Override
            public List<Figure> now() {
                ServerStats s = server.stats();
                return List.of(new Figure("open", "connections open", s.open()),
                        new Figure("waiting", "listeners waiting at the connection cap", s.waitingForPermit()));
            }

            @Override
            public List<Figure> totals() {
                ServerStats s = server.stats();
                return List.of(new Figure("accepted", "connections accepted", s.accepted()),
                        new Figure("bytes-in", "bytes in", s.bytesIn()),
                        new Figure("bytes-out", "bytes out", s.bytesOut()),
                        new Figure("refused", "connections refused", s.refused()),
                        new Figure("idle-timeouts", "idle timeouts", s.idleTimeouts()),
                        new Figure("handler-failures", "handler failures", s.handlerFailures()),
                        new Figure("tls-handshakes", "TLS handshakes", s.tlsHandshakes()),
                        new Figure("tls-failures", "TLS handshakes failed", s.tlsHandshakesFailed()));
            }
        };
    }

    static StatusSource of(UdpServer server) {
        return new StatusSource() {
            @Override
            public String transport() {
                return "udp";
            }

            @Override
            public List<String> listening() {
                return List.of(server.localAddress().toString());
            }

            @Override
            public List<Figure> now() {
                return List.of();
            }

            @Override
            public List<Figure> totals() {
                UdpCounters c = server.counters();
                return List.of(new Figure("received", "datagrams received", c.received()),
                        new Figure("handled", "datagrams handled", c.handled()),
                        new Figure("sent", "datagrams sent", c.sent()),
                        new Figure("dropped", "datagrams dropped (handlers busy)", c.dropped()),
                        new Figure("truncated", "datagrams too long", c.truncated()),
                        new Figure("failed", "handler failures", c.failed()));
            }
        };
    }
}
