package dev.netkit.cli;

import dev.netkit.cli.ConnectCommandTest.Run;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code serve --metrics}: the exposition checked by {@code promtool} and scraped by a real
 * Prometheus, and the status page loaded by a headless Chromium, each against a running chat
 * room with members whose numbers the test knows.
 */
class MetricsOptionTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String MEMBERS_TWO = "netkit_group_members\\{group=\"chat\"} 2";
    private static final Duration STARTUP = Duration.ofSeconds(90);
    private static final Pattern LISTENING = Pattern.compile("listening on \\S+:(\\d+)");
    private static final Pattern METRICS_AT = Pattern.compile("metrics at http://127\\.0\\.0\\.1:(\\d+)/metrics");

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose.reversed()) {
            c.close();
        }
    }

    /** A chat room with two members who have each said a line, and its metrics port. */
    private int chatRoomWithTwoMembers() throws Exception {
        NetkitProcess chat = NetkitProcess.start("serve", "chat", "--host", "127.0.0.1", "--port", "0",
                "--metrics", "0");
        toClose.add(chat);
        // A JVM can take long to start on a busy machine: the listening line is awaited generously.
        Matcher listening = LISTENING.matcher(chat.awaitErr("listening on", STARTUP));
        assertThat(listening.find()).as("the listening line").isTrue();
        int port = Integer.parseInt(listening.group(1));
        Matcher m = METRICS_AT.matcher(chat.awaitErr("metrics at", WAIT));
        assertThat(m.find()).as("the metrics line").isTrue();
        for (String nick : List.of("ann", "bob")) {
            Socket member = new Socket();
            toClose.add(member);
            member.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            member.setSoTimeout(10_000);
            OutputStream out = member.getOutputStream();
            out.write(("/nick " + nick + "\nhello from " + nick + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
        return Integer.parseInt(m.group(1));
    }

    @Test
    void promtoolAcceptsTheExpositionWhichCountsTheOpenConnections() throws Exception {
        int metricsPort = chatRoomWithTwoMembers();
        String text = awaitMetrics(metricsPort, MEMBERS_TWO, "netkit_connections_open\\{server=\"chat\",transport=\"\\w+\"} 2");
        assertThat(text).contains("# TYPE netkit_connections_accepted_total counter")
                .containsPattern("netkit_connections_accepted_total\\{server=\"chat\",transport=\"\\w+\"} 2");
        assertThat(get(metricsPort, "/metrics").contentType()).isEqualTo(MetricsEndpoint.PROMETHEUS_TEXT);
        String checked = ExternalTool.run(text, WAIT, "sh", "-c", "promtool check metrics; echo exit=$?");
        assertThat(checked).as("promtool check metrics").endsWith("exit=0\n");
    }

    @Test
    void aRealPrometheusScrapesItAndAnswersAQueryWithANetkitMetric(@TempDir Path dir) throws Exception {
        int metricsPort = chatRoomWithTwoMembers();
        awaitMetrics(metricsPort, MEMBERS_TWO);
        Path config = Files.writeString(dir.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                scrape_configs:
                  - job_name: netkit
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                """.formatted(metricsPort));
        int prometheusPort = startPrometheus(config, dir.resolve("data"));
        String query = "netkit_connections_open{job=\"netkit\",server=\"chat\"}";
        String answer = "";
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline && !answer.contains("\"value\"")) {
            Thread.sleep(500);
            answer = get(prometheusPort, "/api/v1/query?query="
                    + java.net.URLEncoder.encode(query, StandardCharsets.UTF_8)).body();
        }
        assertThat(answer).as("Prometheus's answer to " + query)
                .contains("\"status\":\"success\"")
                .contains("\"__name__\":\"netkit_connections_open\"")
                .contains("\"server\":\"chat\"")
                .containsPattern("\"value\":\\[[0-9.]+,\"2\"]");
    }

    @Test
    void headlessChromiumShowsTheLiveNumbersOfTheStatusPage(@TempDir Path dir) throws Exception {
        int metricsPort = chatRoomWithTwoMembers();
        String bytesIn = String.valueOf("/nick ann\nhello from ann\n/nick bob\nhello from bob\n".length());
        awaitMetrics(metricsPort, MEMBERS_TWO, "netkit_received_bytes_total\\{[^}]*} " + bytesIn);
        String url = "http://127.0.0.1:" + metricsPort + "/";
        String dom = chromium(dir, "--virtual-time-budget=4000", "--dump-dom", url);
        assertThat(number(dom, "id=\"updates\">(\\d+)<")).as("updates of the page").isGreaterThanOrEqualTo(2);
        assertThat(text(dom, "id=\"service\">([^<]*)<")).isEqualTo("chat");
        assertThat(number(dom, "id=\"now-open\">(\\d+)<")).isEqualTo(2);
        assertThat(number(dom, "id=\"total-accepted\">(\\d+)<")).isEqualTo(2);
        assertThat(text(dom, "id=\"total-bytes-in\">(\\d+)<")).isEqualTo(bytesIn);
        assertThat(number(dom, "data-group=\"chat\" data-field=\"members\">(\\d+)<")).isEqualTo(2);
        assertThat(text(dom, "data-group=\"chat\" data-field=\"slowest\">([^<]*)<")).contains("127.0.0.1:");
        Path screenshot = Path.of("target", "status-page.png").toAbsolutePath();
        Files.deleteIfExists(screenshot);
        chromium(dir, "--virtual-time-budget=3000", "--window-size=1000,800", "--screenshot=" + screenshot, url);
        assertThat(screenshot).as("the screenshot").isNotEmptyFile();
        assertThat(Files.readAllBytes(screenshot)).startsWith(0x89, 'P', 'N', 'G');
    }

    @Test
    void aBadMetricsAddressIsAUsageError() throws Exception {
        Run run = Run.of("", "serve", "echo", "--metrics", "::1:9100");
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err().lines().findFirst()).hasValue("netkit serve echo: Invalid value for option '--metrics':"
                + " '::1:9100': write an IPv6 address in brackets, [::1]:9100");
    }

    /** Scrapes until one exposition matches every regular expression given, and returns it. */
    private static String awaitMetrics(int port, String... expected) throws Exception {
        String text = "";
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            String scraped = get(port, "/metrics").body();
            text = scraped;
            if (Arrays.stream(expected).allMatch(e -> Pattern.compile(e).matcher(scraped).find())) {
                return text;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no " + List.of(expected) + " in the metrics within " + WAIT + ":\n" + text);
    }

    /** An HTTP answer: its status, content type and body. */
    private record Answer(int status, String contentType, String body) {
    }

    private static Answer get(int port, String path) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + path).toURL().openConnection();
        c.setConnectTimeout(5000);
        c.setReadTimeout(10_000);
        try {
            int status = c.getResponseCode();
            try (var in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
                String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
                return new Answer(status, c.getContentType(), body);
            }
        } finally {
            c.disconnect();
        }
    }

    /** Starts Prometheus on a free port (taken by binding 0 and closing; tried again on a clash). */
    private int startPrometheus(Path config, Path data) throws Exception {
        for (int attempt = 0; attempt < 5; attempt++) {
            int port;
            try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = probe.getLocalPort();
            }
            Process p = startTool("prometheus", "--config.file=" + config, "--storage.tsdb.path=" + data,
                    "--web.listen-address=127.0.0.1:" + port);
            toClose.add(() -> {
                p.destroy();
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            });
            if (awaitReady(p, port)) {
                return port;
            }
        }
        throw new AssertionError("prometheus did not start in 5 attempts");
    }

    private static boolean awaitReady(Process p, int port) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                return false; // the port was taken meanwhile, most likely
            }
            try {
                if (get(port, "/-/ready").status() == 200) {
                    return true;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("prometheus was not ready within " + WAIT);
    }

    private static Process startTool(String... command) {
        try {
            return new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new AssertionError(command[0] + " is needed for this test (.ci/run installs it): " + e.getMessage());
        }
    }

    /** Runs headless Chromium with a profile of its own in {@code dir} and returns its standard output. */
    private static String chromium(Path dir, String... args) throws Exception {
        Path profile = Files.createTempDirectory(dir, "chromium-profile");
        List<String> command = new ArrayList<>(List.of("chromium", "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile));
        command.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new AssertionError("chromium is needed for this test (.ci/run installs it): " + e.getMessage());
        }
        p.getOutputStream().close();
        StringBuilder out = new StringBuilder();
        Thread reader = Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                r.lines().forEach(line -> out.append(line).append('\n'));
            } catch (IOException ignored) {
                // chromium ended
            }
        });
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish within 60 s");
        }
        reader.join(Duration.ofSeconds(10));
        assertThat(p.exitValue()).as("chromium's exit code").isZero();
        return out.toString();
    }

    private static long number(String dom, String regex) {
        return Long.parseLong(text(dom, regex));
    }

    private static String text(String dom, String regex) {
        Matcher m = Pattern.compile(regex).matcher(dom);
        if (!m.find()) {
            throw new AssertionError("no " + regex + " in the page:\n" + dom);
        }
        return m.group(1);
    }
}
