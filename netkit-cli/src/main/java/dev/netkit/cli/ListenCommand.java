package dev.netkit.cli;

import dev.netkit.Connection;
import dev.netkit.ConnectionHandler;
import dev.netkit.Server;
import dev.netkit.TransportType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code netkit listen [HOST] PORT}: the listening side of nc. Without {@code -k}, one connection
 * relayed to standard input and output as {@code connect} relays it (half-close included), then
 * exit; with {@code -k}, connection after connection, each given the rest of standard input. With
 * {@code --exec} or {@code --sh-exec}, each connection runs a program of its own; with
 * {@code --broker}, the connections hear each other. {@code --udp} listens for datagrams.
 */
@Command(name = "listen", mixinStandardHelpOptions = true,
        description = {"Listen and relay a connection to standard input and output, like nc -l;",
                "-k for connection after connection, --exec to run a program for each, --broker to join them."},
        footer = {"", "Examples:",
                "  netkit listen 9000 > in.bin                 one connection, what it sends saved",
                "  netkit listen -k --exec 'tr a-z A-Z' 9000   a program for each connection",
                "  netkit listen --broker 7000                 everyone hears everyone",
                "  netkit listen --udp --join 239.1.2.3 5000   a multicast group's datagrams"})
final class ListenCommand implements Callable<Integer>, UsageCheck {

    /** The server's name in log lines. */
    static final String NAME = "listen";
    /** Connections at once with --exec or --broker, unless --max-connections says otherwise. */
    static final int DEFAULT_MAX_CONNECTIONS = 100;

    private final Terminal terminal;

    @Parameters(arity = "0..2", paramLabel = "[HOST] PORT", hideParamSyntax = true, description = "Port to listen on (0 picks a free one),"
            + " TCP or with --udp UDP, on HOST's address (default: every interface).")
    List<String> address = List.of();

    @Option(names = "--unix", paramLabel = "PATH", description = "Listen on a Unix domain socket instead of [HOST] PORT.")
    Path unix;

    @Option(names = {"-k", "--keep-open"}, description = "Take connection after connection, not just one.")
    boolean keepOpen;

    @Option(names = "--exec", paramLabel = "CMD", description = "Run CMD (split into words, no shell) for each"
            + " connection, the socket on its standard input and output.")
    String exec;

    @Option(names = "--sh-exec", paramLabel = "CMD", description = "As --exec, through /bin/sh -c: pipes and redirections work.")
    String shExec;

    @Option(names = "--broker", description = "Send each connection's bytes to every other connection (implies -k).")
    boolean broker;

    @Mixin
    TlsServeOptions tls;

    @Mixin
    UdpListenOptions udp;

    @Option(names = "--max-connections", paramLabel = "N", converter = IntRange.AtLeastOne.class,
            description = "With --exec, --sh-exec or --broker: connections served at once; more wait (default: "
                    + DEFAULT_MAX_CONNECTIONS + ").")
    Integer maxConnections;

    @Option(names = "--idle-timeout", paramLabel = "TIME", converter = DurationConverter.class,
            description = "Close a connection silent this long both ways (default: never); without -k, say so and exit 1.")
    Duration idleTimeout;

    @Option(names = "--transport", paramLabel = "NAME", description = "auto, nio or epoll (default: auto).")
    TransportType transport = TransportType.AUTO;

    @Option(names = {"-v", "--verbose"}, description = "Log more: every connection's details and debug lines.")
    boolean verbose;

    String host = "";
    Integer port;
    Program program;

    ListenCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public void check(GivenOptions given) {
        if (address.size() == 2) {
            host = address.getFirst();
        }
        if (!address.isEmpty()) {
            port = port(address.getLast(), given);
        }
        if (unix != null && !address.isEmpty()) {
            throw given.error("--unix and [HOST] PORT do not go together (a Unix socket has a path, not an address)");
        }
        if (unix == null && port == null) {
            throw given.error("Missing PORT, or --unix PATH");
        }
        given.apart("--exec", "--sh-exec", "one program per connection");
        given.apart("--broker", "--exec", "a broker relays between the connections themselves");
        given.apart("--broker", "--sh-exec", "a broker relays between the connections themselves");
        if (maxConnections != null && exec == null && shExec == null && !broker) {
            throw given.error("--max-connections needs --exec, --sh-exec or --broker (otherwise one connection at a time)");
        }
        program = program(given);
        udp.checkAddress(given, host);
    }

    private static Integer port(String word, GivenOptions given) {
        try {
            return new IntRange.ListenPort().convert(word);
        } catch (TypeConversionException e) {
            throw given.error("Invalid PORT: " + e.getMessage());
        }
    }

    private Program program(GivenOptions given) {
        try {
            return exec != null ? Program.split(exec) : shExec != null ? Program.shell(shExec) : null;
        } catch (IllegalArgumentException e) {
            throw given.error((exec != null ? "--exec" : "--sh-exec") + ": " + e.getMessage());
        }
    }

    @Override
    public Integer call() throws Exception {
        CliLogging.configure(terminal.err(), verbose);
        if (udp.udp) {
            return udp.listen(terminal, host, port, keepOpen);
        }
        boolean many = program != null || broker;
        ListenOptions listen = listenOptions(many);
        if (keepOpen || broker) {
            return ServeRunner.run(terminal, listen, tls, NAME, port == null ? 0 : port, many ? handler() : keptOpen());
        }
        Server.Builder builder = tls.configure(listen.configure(Server.builder(), port == null ? 0 : port)).name(NAME);
        OneConnection.serve(builder, program != null ? handler() : this::relayOnce);
        return ExitCode.OK;
    }

    /** Where and how to listen, in the form every {@code serve} command takes. */
    private ListenOptions listenOptions(boolean many) {
        ListenOptions listen = new ListenOptions();
        listen.host = host;
        listen.port = port;
        listen.unix = unix;
        listen.maxConnections = many ? (maxConnections == null ? DEFAULT_MAX_CONNECTIONS : maxConnections) : 1;
        // Without -k the relay watches its own silence, to end the command as connect does.
        boolean relayWatches = !keepOpen && !many;
        listen.idleTimeout = idleTimeout == null || relayWatches ? Duration.ZERO : idleTimeout;
        listen.transport = transport;
        listen.verbose = verbose;
        return listen;
    }

    private ConnectionHandler handler() {
        return program != null ? new ExecHandler(program) : new Broker();
    }

    /** {@code -k} without a program: each connection in turn gets standard input and output. */
    private ConnectionHandler keptOpen() {
        SharedInput input = SharedInput.start(terminal.in());
        return conn -> {
            input.attach(conn);
            try {
                StreamRelay.receive(conn.input(), terminal.out());
            } finally {
                input.detach(conn);
            }
        };
    }

    private void relayOnce(Connection conn) throws IOException {
        IdleTimeout.guard(conn, idleTimeout, () -> StreamRelay.run(conn, terminal.in(), terminal.out(), false));
    }
}
