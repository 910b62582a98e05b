package dev.netkit.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The HTTP side of {@code --metrics}, on the JDK's own HTTP server: {@code GET /metrics} in
 * Prometheus's text format, {@code GET /} the status page (one HTML file with its script, nothing
 * from elsewhere), {@code GET /status.json} the numbers the page shows. One virtual thread per
 * request; a sampler thread feeds the page's rates once a second.
 */
final class MetricsEndpoint implements AutoCloseable {

    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final System.Logger LOG = System.getLogger("dev.netkit.cli");
    private static final Duration SAMPLE_EVERY = Duration.ofSeconds(1);

    private final HttpServer http;
    private final ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor();
    private final Thread sampler;
    private final byte[] page;

    private MetricsEndpoint(HttpServer http, PrometheusMeterRegistry registry, StatusReport status) {
        this.http = http;
        this.page = statusPage();
        http.setExecutor(requests);
        http.createContext("/metrics", exchange -> reply(exchange, PROMETHEUS_TEXT,
                registry.scrape().getBytes(StandardCharsets.UTF_8)));
        http.createContext("/status.json", exchange -> reply(exchange, "application/json",
                status.json().getBytes(StandardCharsets.UTF_8)));
        http.createContext("/", exchange -> {
            if (exchange.getRequestURI().getPath().equals("/")) {
                reply(exchange, "text/html; charset=utf-8", page);
            } else {
                reply(exchange, 404, "text/plain; charset=utf-8", "not found\n".getBytes(StandardCharsets.UTF_8));
            }
        });
        this.sampler = Thread.ofVirtual().name("metrics-sampler").unstarted(() -> sample(status));
    }

    /**
     * Binds {@code address} and serves {@code registry} and {@code status} until closed.
     *
     * @throws IOException when the address cannot be bound
     */
    static MetricsEndpoint start(InetSocketAddress address, PrometheusMeterRegistry registry, StatusReport status)
            throws IOException {
        HttpServer http;
        try {
            http = HttpServer.create(address, 50);
        } catch (IOException e) {
            throw new IOException("cannot serve metrics on " + address.getHostString() + ":" + address.getPort()
                    + ": " + e.getMessage(), e);
        }
        MetricsEndpoint endpoint = new MetricsEndpoint(http, registry, status);
        http.start();
        endpoint.sampler.start();
        InetSocketAddress bound = http.getAddress();
        String base = "http://" + hostForUrl(bound) + ":" + bound.getPort();
        LOG.log(Level.INFO, "metrics at " + base + "/metrics, status page at " + base + "/");
        return endpoint;
    }

    /** The address actually bound: port 0 resolved. */
    InetSocketAddress address() {
        return http.getAddress();
    }

    private static String hostForUrl(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    }

    private static void sample(StatusReport status) {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                status.json();
                Thread.sleep(SAMPLE_EVERY);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "status sampling failed: " + e);
            }
        }
    }

    private static byte[] statusPage() {
        try (InputStream in = MetricsEndpoint.class.getResourceAsStream("status.html")) {
            if (in == null) {
                throw new IllegalStateException("status.html is missing from the netkit jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void reply(HttpExchange exchange, String type, byte[] body) throws IOException {
        if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
            exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            reply(exchange, 405, "text/plain; charset=utf-8", "GET only\n".getBytes(StandardCharsets.UTF_8));
            return;
        }
        reply(exchange, 200, type, body);
    }

    private static void reply(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        try (exchange; OutputStream out = exchange.getResponseBody()) {
            exchange.getRequestBody().close();
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            boolean head = exchange.getRequestMethod().equals("HEAD");
            exchange.sendResponseHeaders(status, head ? -1 : body.length);
            if (!head) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        sampler.interrupt();
        http.stop(0);
        requests.close();
    }
}
