package dev.netkit.examples;

import java.util.concurrent.CompletableFuture;

/** Runs an example's blocking {@code run} on a virtual thread, so a test can wait for it with a bound. */
final class Async {

    interface Body {
        void run() throws Exception;
    }

    private Async() {
    }

    static CompletableFuture<Void> run(Body body) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread.ofVirtual().name("example").start(() -> {
            try {
                body.run();
                done.complete(null);
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        });
        return done;
    }
}
