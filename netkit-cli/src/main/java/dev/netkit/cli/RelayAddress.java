package dev.netkit.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * One side of {@code netkit relay A B}, socat-style, as {@link RelayAddressParser} reads it: a
 * place to connect to, a place to listen on (one relay per peer), standard input and output, or a
 * program.
 */
sealed interface RelayAddress {

    /** Whether this address waits for peers, each of which gets a relay of its own. */
    default boolean listens() {
        return false;
    }

    /** {@code tcp:HOST:PORT}. */
    record Tcp(String host, int port, String proxyProtocol) implements RelayAddress {
        /** Without a PROXY protocol header. */
        Tcp(String host, int port) {
            this(host, port, null);
        }
    }

    /** {@code tcp-listen:[HOST:]PORT}; an empty host listens on every interface. */
    record TcpListen(String host, int port) implements RelayAddress {
        @Override
        public boolean listens() {
            return true;
        }
    }

    /** {@code unix:PATH}. */
    record Unix(Path path) implements RelayAddress {
    }

    /** {@code unix-listen:PATH}. */
    record UnixListen(Path path) implements RelayAddress {
        @Override
        public boolean listens() {
            return true;
        }
    }

    /**
     * {@code tls:HOST:PORT[,ca=FILE][,servername=NAME][,cert=FILE,key=FILE]}: the server's chain and
     * name are verified, against {@code ca} or the system's CAs.
     */
    record Tls(String host, int port, Optional<Path> ca, Optional<String> serverName,
               Optional<Path> cert, Optional<Path> key) implements RelayAddress {
    }

    /** {@code tls-listen:[HOST:]PORT,cert=FILE,key=FILE}. */
    record TlsListen(String host, int port, Path cert, Path key) implements RelayAddress {
        @Override
        public boolean listens() {
            return true;
        }
    }

    /** {@code udp:HOST:PORT}: each read of the other side goes as one datagram, each datagram back as bytes. */
    record Udp(String host, int port, Duration idleTimeout) implements RelayAddress {
    }

    /**
     * {@code udp-listen:[HOST:]PORT[,idle-timeout=T]}: one relay per source address, ended after
     * {@code idleTimeout} without a datagram from it. An empty host listens on 127.0.0.1 only.
     */
    record UdpListen(String host, int port, Duration idleTimeout) implements RelayAddress {
        @Override
        public boolean listens() {
            return true;
        }
    }

    /** {@code stdio} (or {@code -}): standard input and output. */
    record Stdio() implements RelayAddress {
    }

    /** {@code exec:CMD}: a program per relay, its standard input and output the relayed stream. */
    record Exec(String command) implements RelayAddress {
    }
}
