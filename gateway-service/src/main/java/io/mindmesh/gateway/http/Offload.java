package io.mindmesh.gateway.http;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.Callable;

/**
 * Runs blocking work (a PostgreSQL read or write) off the event loop, on a worker thread of the
 * same request's Vert.x context, so that the request id and logging context go along, and its
 * outcome comes back on that context; on a thread that may block already, it runs in place.
 */
public final class Offload {

    private Offload() {
    }

    public static <T> Future<T> blocking(Callable<T> work) {
        Context context = Vertx.currentContext();
        if (context == null || !Context.isOnEventLoopThread()) {
            try {
                return Future.succeededFuture(work.call());
            } catch (Exception e) {
                return Future.failedFuture(e);
            }
        }
        return context.executeBlocking(work, false);
    }
}
