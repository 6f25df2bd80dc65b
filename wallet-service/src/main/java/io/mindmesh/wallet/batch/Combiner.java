package io.mindmesh.wallet.batch;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Group commit: concurrent operations queue in memory on a fixed number of lanes, the operations
 * of one key (a wallet) always on the same lane, and one applier thread at a time per lane writes
 * everything queued there, whatever its keys, in one database transaction, then answers each
 * caller. Under load a batch grows with the number of waiting callers, so a hot wallet costs one
 * row lock and one commit per batch instead of per request, and operations on different keys
 * share a transaction instead of paying one each. Fewer lanes make larger batches, more lanes
 * apply more of them at once.
 *
 * <p>A failed batch never fails its members blindly: each operation is then applied alone, so
 * only the one the database refuses gets the error. Two operations with the same identity (for
 * example the same hold id) never share a batch: the second waits for the next one, where it
 * sees the first's result.
 *
 * @param <K> what places operations on a lane (a wallet)
 * @param <O> one operation
 * @param <R> its result, in the order of the operations given to the applier
 */
public final class Combiner<K, O, R> {

    /** Applies a batch of operations of one lane in one transaction and returns one result per operation, in order. */
    @FunctionalInterface
    public interface Applier<O, R> {
        List<R> apply(List<O> batch);
    }

    private final Applier<O, R> applier;
    private final Function<O, Object> identity;
    private final Executor executor;
    private final int maxBatch;
    private final List<Lane> lanes;

    public Combiner(Applier<O, R> applier, Function<O, Object> identity, Executor executor, int lanes, int maxBatch) {
        this.applier = applier;
        this.identity = identity;
        this.executor = executor;
        this.maxBatch = maxBatch;
        this.lanes = IntStream.range(0, lanes).mapToObj(i -> new Lane()).toList();
    }

    /** Queues {@code op} on the lane of {@code key}, behind the operations already there, and waits for its result. */
    public R submit(K key, O op) {
        Pending<O, R> pending = new Pending<>(op);
        Lane lane = lanes.get(Math.floorMod(key.hashCode(), lanes.size()));
        boolean schedule;
        synchronized (lane) {
            lane.queue.add(pending);
            schedule = !lane.scheduled;
            lane.scheduled = true;
        }
        if (schedule) {
            executor.execute(lane::drainOnce);
        }
        return pending.await();
    }

    private void applyAll(List<Pending<O, R>> batch) {
        List<O> ops = batch.stream().map(Pending::op).toList();
        List<R> results;
        try {
            results = applier.apply(ops);
        } catch (RuntimeException batchFailure) {
            if (batch.size() == 1) {
                batch.getFirst().result.completeExceptionally(batchFailure);
                return;
            }
            // One operation the database refused must not fail the others: apply each alone.
            for (Pending<O, R> one : batch) {
                applyAll(List.of(one));
            }
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).result.complete(results.get(i));
        }
    }

    private final class Lane {

        private final ArrayDeque<Pending<O, R>> queue = new ArrayDeque<>();
        private boolean scheduled;

        /**
         * Applies one batch, then goes back to the executor's queue if more is waiting, so that a
         * busy wallet does not keep an applier thread from the others.
         */
        void drainOnce() {
            List<Pending<O, R>> batch = take();
            try {
                applyAll(batch);
            } catch (RuntimeException | Error e) {
                batch.forEach(p -> p.result.completeExceptionally(e));
            }
            boolean again;
            synchronized (this) {
                again = !queue.isEmpty();
                scheduled = again;
            }
            if (again) {
                executor.execute(this::drainOnce);
            }
        }

        private synchronized List<Pending<O, R>> take() {
            List<Pending<O, R>> batch = new ArrayList<>();
            Set<Object> seen = new HashSet<>();
            Iterator<Pending<O, R>> it = queue.iterator();
            while (it.hasNext() && batch.size() < maxBatch) {
                Pending<O, R> next = it.next();
                if (seen.add(identity.apply(next.op))) {
                    batch.add(next);
                    it.remove();
                }
            }
            return batch;
        }
    }

    private record Pending<O, R>(O op, CompletableFuture<R> result) {

        Pending(O op) {
            this(op, new CompletableFuture<>());
        }

        R await() {
            try {
                return result.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while the ledger applied the operation", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IllegalStateException(e.getCause());
            }
        }
    }
}
