package dev.netkit.services;

import dev.netkit.Connection;
import dev.netkit.ConnectionHandler;
import dev.netkit.framing.FrameTooLongException;
import dev.netkit.framing.LineHandler;
import dev.netkit.framing.LineReader;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The classic knock-knock joke server: a random joke per connection, told over {@link KnockKnock}.
 * A line longer than {@link #MAX_LINE} bytes ends the connection with a short message; a line not
 * finished within the line timeout once begun ({@link EchoService#DEFAULT_LINE_TIMEOUT} by default)
 * ends it without one.
 */
public final class KnockKnockService implements ConnectionHandler {

    /** The knock-knock server's usual port. */
    public static final int DEFAULT_PORT = 6789;
    /** The longest line a client may type. */
    public static final int MAX_LINE = 1024;

    private final List<Joke> jokes;
    private final RandomGenerator random;
    private final Duration lineTimeout;

    public KnockKnockService() {
        this(Jokes.CLASSIC, RandomGenerator.getDefault());
    }

    public KnockKnockService(List<Joke> jokes, RandomGenerator random) {
        this(jokes, random, EchoService.DEFAULT_LINE_TIMEOUT);
    }

    /** With each line given {@code lineTimeout} to end once begun; zero for no limit. */
    public KnockKnockService(List<Joke> jokes, RandomGenerator random, Duration lineTimeout) {
        this.jokes = List.copyOf(Objects.requireNonNull(jokes, "jokes"));
        this.random = Objects.requireNonNull(random, "random");
        this.lineTimeout = EchoService.checkLineTimeout(lineTimeout);
        if (this.jokes.isEmpty()) {
            throw new IllegalArgumentException("jokes must not be empty");
        }
    }

    /** Greets, then answers each line as it comes, holding no thread while the client thinks. */
    @Override
    public void handle(Connection connection) throws Exception {
        KnockKnock joke = new KnockKnock(jokes.get(random.nextInt(jokes.size())));
        connection.send(joke.greeting());
        LineReader.lenient(connection.input(), MAX_LINE).lineTimeout(lineTimeout).resumeOnLines(connection, new LineHandler() {
            @Override
            public boolean line(Connection c, String line) throws IOException {
                KnockKnock.Reply reply = joke.respond(line);
                c.send(reply.text());
                return !reply.done();
            }

            @Override
            public boolean tooLong(Connection c, FrameTooLongException tooLong) throws IOException {
                c.send(KnockKnock.EOL + "Line too long (over " + MAX_LINE + " bytes). Bye!" + KnockKnock.EOL);
                return false;
            }
        });
    }
}
