package io.mindmesh.gateway.http;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.concurrent.Callable;

/**
 * Runs blocking work (a PostgreSQL read or write) off the event loop, on a worker thread of the
 * same request's Vert.x context, so that the request id and logging context go along; on a thread
 * that may block already, it runs in place.
 */
public final class Offload {

    private Offload() {
    }

    public static <T> Uni<T> blocking(Callable<T> work) {
        Context context = Vertx.currentContext();
        if (context == null || !Context.isOnEventLoopThread()) {
            return Uni.createFrom().item(() -> {
                try {
                    return work.call();
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        return Uni.createFrom().completionStage(() -> context.executeBlocking(work, false).toCompletionStage());
    }
}
