package dev.netkit.internal;

import dev.netkit.Endpoint;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.nio.file.NoSuchFileException;

/** Turns the JDK's terse socket errors into ones that say where they happened. */
public final class SocketErrors {

    private SocketErrors() {
    }

    /** A failed connect, keeping the exception type and naming the destination. */
    public static IOException connectFailed(String where, IOException cause) {
        IOException e = switch (cause) {
            case ConnectException c -> new ConnectException("connection refused: " + where);
            case NoRouteToHostException c -> new NoRouteToHostException("no route to host: " + where);
            case SocketTimeoutException c -> new SocketTimeoutException("connect to " + where + " timed out");
            case NoSuchFileException c -> new ConnectException("no such socket file: " + where);
            default -> new IOException("cannot connect to " + where + ": " + describe(cause));
        };
        e.initCause(cause);
        return e;
    }

    /** A failed bind, naming the endpoint. */
    public static IOException bindFailed(Endpoint endpoint, IOException cause) {
        BindException e = new BindException("cannot listen on " + endpoint + ": " + describe(cause));
        e.initCause(cause);
        return e;
    }

    /** The exception's message, or its type when it has none. */
    public static String describe(Throwable t) {
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
    }
}
