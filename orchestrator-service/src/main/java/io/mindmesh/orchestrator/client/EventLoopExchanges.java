package io.mindmesh.orchestrator.client;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Starts the exchanges of a Vert.x HTTP client on one event loop, the loop its connections live
 * on, for callers that block on the outcome (runner and dispatcher threads). Started from such a
 * thread, an exchange would get a context of its own and its response would reach it through a
 * hop to that context: a small or empty answer could be read to its end before the reader was
 * attached (an IllegalStateException, reported as an unreachable agent or a failed webhook
 * attempt). On the connection's own loop the reader is attached as the headers arrive.
 */
public final class EventLoopExchanges {

    private final Context eventLoop;

    public EventLoopExchanges(Vertx vertx) {
        this.eventLoop = ((VertxInternal) vertx).createEventLoopContext();
    }

    /** Starts {@code exchange} on the event loop; its outcome completes the returned future. */
    public <T> CompletableFuture<T> start(Supplier<Future<T>> exchange) {
        CompletableFuture<T> outcome = new CompletableFuture<>();
        eventLoop.runOnContext(ignored -> exchange.get().onComplete(result -> {
            if (result.succeeded()) {
                outcome.complete(result.result());
            } else {
                outcome.completeExceptionally(result.cause());
            }
        }));
        return outcome;
    }

    /** Runs {@code action} on the event loop: resetting an exchange its caller gave up on. */
    public void run(Runnable action) {
        eventLoop.runOnContext(ignored -> action.run());
    }
}
