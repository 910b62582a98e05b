package dev.netkit.internal;

import dev.netkit.Connection;
import dev.netkit.ConnectionHandler;

/**
 * The handler {@link ConnectionHandler#onInput} makes. Run as any handler, it is
 * {@code c -> c.resumeOnInput(next)}; a server that recognises it leaves a new connection waiting
 * for input from the accepting thread, without starting a thread for a turn that would only hand
 * itself back.
 */
public record OnInput(ConnectionHandler next) implements ConnectionHandler {

    @Override
    public void handle(Connection connection) {
        connection.resumeOnInput(next);
    }
}
