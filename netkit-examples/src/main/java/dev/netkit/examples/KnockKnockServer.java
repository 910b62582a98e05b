package dev.netkit.examples;

import dev.netkit.Endpoint;
import dev.netkit.Server;
import dev.netkit.services.Joke;
import dev.netkit.services.Jokes;
import dev.netkit.services.KnockKnockService;

import java.io.IOException;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The Node.js tour's "Complete Example: Knock-Knock Joke Server": a random joke per connection,
 * told line by line, then the server ends the connection. Try it with {@code nc localhost 6789} or
 * {@link KnockKnockClient}.
 *
 * <pre>
 * java -cp ... dev.netkit.examples.KnockKnockServer [PORT | HOST:PORT | unix:PATH]   (default 6789)
 * </pre>
 *
 * The conversation lives in {@link dev.netkit.services.KnockKnock}, a pure object with no I/O;
 * {@link KnockKnockService} only moves lines between it and the connection, with a bound on how
 * long a line may be (the Node.js tour's readline would buffer a line of any length).
 */
public final class KnockKnockServer {

    private KnockKnockServer() {
    }

    public static void main(String... args) throws IOException {
        Endpoint endpoint = args.length > 0 ? Endpoint.parse(args[0]) : Endpoint.tcp(6789);
        Server server = start(endpoint, Jokes.CLASSIC);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        System.out.println("Delivering laughs on " + server.endpoint());
    }

    /** Starts a server telling one of {@code jokes}, picked at random, to each client. */
    public static Server start(Endpoint endpoint, List<Joke> jokes) throws IOException {
        return Server.builder()
                .listen(endpoint)
                .handler(new KnockKnockService(jokes, RandomGenerator.getDefault()))
                .start();
    }
}
