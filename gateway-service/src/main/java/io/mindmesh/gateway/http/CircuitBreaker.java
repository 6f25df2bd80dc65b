package io.mindmesh.gateway.http;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Stops calling a dependency that keeps failing, and runs the call inline on the caller's thread.
 *
 * <p>Closed, it remembers the outcome of the last {@code window} calls; once that many are known
 * and at least {@code failureRatio} of them failed, it opens: calls fail at once with {@link Open}
 * for {@code delay}. Then one trial call goes through (the others still fail at once): its success
 * closes the breaker with a clean window, its failure opens it for another {@code delay}.
 *
 * <p>SmallRye Fault Tolerance's guards do the same but deliver every guarded {@link Uni}, and its
 * answer, in fresh tasks of the caller's event loop with the request context captured around each,
 * which a profile of the gateway's forwarded requests put at about a tenth of its CPU per request.
 */
public final class CircuitBreaker {

    /** The breaker was open: the call was not made. */
    public static final class Open extends RuntimeException {
        Open() {
            super("circuit breaker open", null, false, false);
        }
    }

    private final boolean[] outcomes;
    private final int failuresToOpen;
    private final long delayNanos;
    private final LongSupplier nanoTime;
    private int recorded;
    private int next;
    private int failures;
    private long openUntil;
    private boolean open;
    private boolean trialInFlight;

    /** A breaker on {@link System#nanoTime()}. */
    public CircuitBreaker(int window, double failureRatio, Duration delay) {
        this(window, failureRatio, delay, System::nanoTime);
    }

    CircuitBreaker(int window, double failureRatio, Duration delay, LongSupplier nanoTime) {
        if (window < 1 || failureRatio <= 0 || failureRatio > 1) {
            throw new IllegalArgumentException("window >= 1 and 0 < failureRatio <= 1");
        }
        this.outcomes = new boolean[window];
        this.failuresToOpen = (int) Math.ceil(window * failureRatio);
        this.delayNanos = delay.toNanos();
        this.nanoTime = nanoTime;
    }

    /**
     * Calls {@code call} on subscription unless the breaker is open (then fails with {@link Open}).
     * A failure of the call counts against the dependency; a cancelled call counts as nothing.
     */
    public <T> Uni<T> call(Supplier<Uni<T>> call) {
        return Uni.createFrom().deferred(() -> {
            Boolean trial = enter();
            if (trial == null) {
                return Uni.createFrom().failure(new Open());
            }
            return call.get()
                    .onItemOrFailure().invoke((item, failure) -> record(trial, failure == null))
                    .onCancellation().invoke(() -> cancelled(trial));
        });
    }

    /** {@link #call} for a Vert.x future, started at once (a future cannot be cancelled). */
    public <T> Future<T> guard(Supplier<Future<T>> call) {
        Boolean trial = enter();
        if (trial == null) {
            return Future.failedFuture(new Open());
        }
        Future<T> started;
        try {
            started = call.get();
        } catch (RuntimeException e) {
            started = Future.failedFuture(e);
        }
        return started.andThen(result -> record(trial, result.succeeded()));
    }

    /** Whether this call is the trial of an open breaker; null when it must not be made. */
    private synchronized Boolean enter() {
        boolean trial = open;
        if (open && (trialInFlight || nanoTime.getAsLong() - openUntil < 0)) {
            return null;
        }
        trialInFlight = trial;
        return trial;
    }

    /** Whether calls fail at once now (a trial may still be due). */
    synchronized boolean isOpen() {
        return open;
    }

    private synchronized void record(boolean trial, boolean success) {
        if (trial) {
            trialInFlight = false;
            if (success) {
                open = false;
                recorded = next = failures = 0;
            } else {
                openUntil = nanoTime.getAsLong() + delayNanos;
            }
            return;
        }
        if (open) {
            return; // a call made before the breaker opened: the decision is taken
        }
        if (recorded == outcomes.length) {
            failures -= outcomes[next] ? 1 : 0;
        } else {
            recorded++;
        }
        outcomes[next] = !success;
        failures += success ? 0 : 1;
        next = (next + 1) % outcomes.length;
        if (recorded == outcomes.length && failures >= failuresToOpen) {
            open = true;
            openUntil = nanoTime.getAsLong() + delayNanos;
        }
    }

    private synchronized void cancelled(boolean trial) {
        if (trial) {
            trialInFlight = false;
        }
    }
}
