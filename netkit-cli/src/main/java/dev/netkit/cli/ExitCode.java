package dev.netkit.cli;

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
}
