package dev.netkit.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/** The exit codes of the {@code netkit} command. */
public final class ExitCode {

    /** It worked; for a server, it stopped on request. */
    public static final int OK = 0;
    /** It failed at run time: refused, unreachable, cannot bind, bad file. */
    public static final int FAILURE = 1;
    /** The command line is wrong. */
    public static final int USAGE = 2;

    private ExitCode() {
    }

    /**
     * What each exit code means, as the help lists them. Besides the three above: a command
     * stopped by a signal ends as the JVM ends it, with 128 and the signal's number, except a
     * server, which catches the signal and stops gracefully.
     *
     * @return each code, in order, and what it means
     */
    static Map<String, String> descriptions() {
        Map<String, String> codes = new LinkedHashMap<>();
        codes.put(String.valueOf(OK), "Done; a server stopped with Ctrl-C or SIGTERM is done too.");
        codes.put(String.valueOf(FAILURE), "Failed as it ran: refused, unknown host, port in use, bad file,"
                + " failed TLS handshake; bench: a connection failed or nothing was measured.");
        codes.put(String.valueOf(USAGE), "Wrong command line: one line says what is wrong.");
        codes.put("130", "Stopped with Ctrl-C (143: with SIGTERM); serve exits 0 instead.");
        return codes;
    }
}
