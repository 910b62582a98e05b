package dev.netkit.cli;

import java.net.BindException;

/**
 * The classic services' standard ports (9, 13, 19, 37) are below 1024, which only root (or a
 * program with CAP_NET_BIND_SERVICE) may listen on: when listening on such a default fails, the
 * error says how to go on instead of a bare "Permission denied".
 */
final class PrivilegedPortHint {

    /** Ports below this one need privileges on Linux and the BSDs. */
    static final int FIRST_UNPRIVILEGED = 1024;

    private PrivilegedPortHint() {
    }

    /**
     * {@code failure}, with a hint added when the port was the service's default and a privileged one.
     *
     * @param failure why listening failed
     * @param listen the options given
     * @param defaultPort the service's standard port
     * @return the exception to report
     */
    static BindException explain(BindException failure, ListenOptions listen, int defaultPort) {
        if (listen.unix != null || listen.port != null || defaultPort >= FIRST_UNPRIVILEGED) {
            return failure;
        }
        BindException hinted = new BindException(failure.getMessage() + " (port " + defaultPort
                + " is below " + FIRST_UNPRIVILEGED + ", which needs root: choose another with --port, such as --port "
                + (defaultPort + 10_000) + ")");
        hinted.initCause(failure);
        return hinted;
    }
}
