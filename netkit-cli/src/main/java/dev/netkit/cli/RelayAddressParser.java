package dev.netkit.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a socat-style address ({@code TYPE:WHERE[,NAME=VALUE]...}) into a {@link RelayAddress}.
 * A wrong one is an {@link IllegalArgumentException} whose message says what is wrong with it, in
 * the words of the help; the command turns it into a usage error naming the address.
 */
final class RelayAddressParser {

    /** The address forms, as the help and the errors list them. */
    static final String FORMS = "tcp:HOST:PORT, tcp-listen:[HOST:]PORT, unix:PATH, unix-listen:PATH,"
            + " tls:HOST:PORT, tls-listen:[HOST:]PORT,cert=FILE,key=FILE, udp:HOST:PORT, udp-listen:[HOST:]PORT,"
            + " stdio, exec:CMD";
    /** How long a UDP flow lasts without a datagram, unless {@code idle-timeout=} says otherwise. */
    static final Duration DEFAULT_UDP_IDLE = Duration.ofSeconds(60);

    private RelayAddressParser() {
    }

    static RelayAddress parse(String text) {
        if (text.equals("stdio") || text.equals("-")) {
            return new RelayAddress.Stdio();
        }
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("unknown address type (one of " + FORMS + ")");
        }
        String type = text.substring(0, colon).toLowerCase(Locale.ROOT);
        String rest = text.substring(colon + 1);
        if (type.equals("exec")) {
            if (rest.isBlank()) {
                throw new IllegalArgumentException("exec: needs a command");
            }
            return new RelayAddress.Exec(rest.strip());
        }
        String[] parts = rest.split(",", -1);
        String where = parts[0];
        Map<String, String> options = options(parts);
        return switch (type) {
            case "tcp" -> {
                allow(options, "proxy-protocol");
                HostPort at = HostPort.parse(where, true, false);
                String version = options.get("proxy-protocol");
                if (version != null && !version.equals("v1") && !version.equals("v2")) {
                    throw new IllegalArgumentException("proxy-protocol= must be v1 or v2, not " + version);
                }
                yield new RelayAddress.Tcp(at.host(), at.port(), version);
            }
            case "tcp-listen" -> {
                allow(options);
                HostPort at = HostPort.parse(where, false, true);
                yield new RelayAddress.TcpListen(at.host(), at.port());
            }
            case "unix" -> {
                allow(options);
                yield new RelayAddress.Unix(path(where));
            }
            case "unix-listen" -> {
                allow(options);
                yield new RelayAddress.UnixListen(path(where));
            }
            case "tls" -> tls(where, options);
            case "tls-listen" -> {
                allow(options, "cert", "key");
                HostPort at = HostPort.parse(where, false, true);
                if (!options.containsKey("cert") || !options.containsKey("key")) {
                    throw new IllegalArgumentException("tls-listen: needs cert=FILE and key=FILE");
                }
                yield new RelayAddress.TlsListen(at.host(), at.port(), path(options.get("cert")), path(options.get("key")));
            }
            case "udp" -> {
                allow(options, "idle-timeout");
                HostPort at = HostPort.parse(where, true, false);
                yield new RelayAddress.Udp(at.host(), at.port(), idleTimeout(options));
            }
            case "udp-listen" -> {
                allow(options, "idle-timeout");
                HostPort at = HostPort.parse(where, false, true);
                yield new RelayAddress.UdpListen(at.host(), at.port(), idleTimeout(options));
            }
            default -> throw new IllegalArgumentException("unknown address type '" + type + ":' (one of " + FORMS + ")");
        };
    }

    private static RelayAddress tls(String where, Map<String, String> options) {
        allow(options, "ca", "servername", "cert", "key");
        HostPort at = HostPort.parse(where, true, false);
        if (options.containsKey("cert") != options.containsKey("key")) {
            throw new IllegalArgumentException("tls: cert= and key= go together");
        }
        String serverName = options.get("servername");
        if (serverName != null && serverName.isBlank()) {
            throw new IllegalArgumentException("servername= must not be blank");
        }
        return new RelayAddress.Tls(at.host(), at.port(), Optional.ofNullable(options.get("ca")).map(RelayAddressParser::path),
                Optional.ofNullable(serverName), Optional.ofNullable(options.get("cert")).map(RelayAddressParser::path),
                Optional.ofNullable(options.get("key")).map(RelayAddressParser::path));
    }

    private static Map<String, String> options(String[] parts) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("option '" + parts[i] + "' is not NAME=VALUE");
            }
            String name = parts[i].substring(0, eq).toLowerCase(Locale.ROOT);
            if (options.put(name, parts[i].substring(eq + 1)) != null) {
                throw new IllegalArgumentException("option " + name + "= is given twice");
            }
        }
        return options;
    }

    private static void allow(Map<String, String> options, String... names) {
        Set<String> known = Set.of(names);
        for (String name : options.keySet()) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown option " + name + "="
                        + (names.length == 0 ? " (this address takes none)" : " (known: " + String.join("=, ", names) + "=)"));
            }
        }
    }

    private static Path path(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("missing path");
        }
        return Path.of(text);
    }

    private static Duration idleTimeout(Map<String, String> options) {
        String value = options.get("idle-timeout");
        if (value == null) {
            return DEFAULT_UDP_IDLE;
        }
        try {
            Duration timeout = new DurationConverter().convert(value);
            if (timeout.isZero() || timeout.isNegative()) {
                throw new IllegalArgumentException("idle-timeout= must be more than 0");
            }
            return timeout;
        } catch (picocli.CommandLine.TypeConversionException e) {
            throw new IllegalArgumentException("idle-timeout=" + value + " is not a duration (examples: 500ms, 10s, 5m)");
        }
    }

    /** {@code HOST:PORT}, {@code [IPV6]:PORT} or, where the host may be left out, {@code PORT}. */
    private record HostPort(String host, int port) {

        static HostPort parse(String where, boolean hostRequired, boolean portZeroAllowed) {
            int colon = where.lastIndexOf(':');
            if (colon < 0 && hostRequired) {
                throw new IllegalArgumentException("expected HOST:PORT after the type");
            }
            String host = colon < 0 ? "" : where.substring(0, colon);
            String port = colon < 0 ? where : where.substring(colon + 1);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            if (hostRequired && host.isEmpty()) {
                throw new IllegalArgumentException("missing host (HOST:PORT)");
            }
            if (port.isEmpty()) {
                throw new IllegalArgumentException("missing port");
            }
            int number;
            try {
                number = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("port '" + port + "' is not a number");
            }
            if (number < (portZeroAllowed ? 0 : 1) || number > 65_535) {
                throw new IllegalArgumentException("port " + number + " is out of range ("
                        + (portZeroAllowed ? 0 : 1) + "-65535)");
            }
            return new HostPort(host, number);
        }
    }
}
