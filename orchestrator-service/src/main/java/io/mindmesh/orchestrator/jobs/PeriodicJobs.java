package io.mindmesh.orchestrator.jobs;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The background loops of this replica. Housekeeping jobs (reaper, metrics, webhook dispatch,
 * retention) share two threads with a fixed delay after each run, so a run never overlaps itself;
 * intervals can be below a second (the Quarkus scheduler rounds those up to one second). Loops on
 * the request path (claims, lease renewal, the outbox relay) each get a thread of their own
 * ({@link #loop}): the lease renewal never waits behind a slow job, and a loop woken by a commit
 * starts at once instead of at its next tick.
 */
@ApplicationScoped
public class PeriodicJobs {

    private static final Logger LOG = Logger.getLogger(PeriodicJobs.class);
    /** How long shutdown waits for running jobs to end, before the datasource closes under them. */
    private static final Duration STOP_PATIENCE = Duration.ofSeconds(5);

    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2,
            Thread.ofPlatform().name("periodic-job-", 0).daemon().factory());
    private final List<Thread> loops = new CopyOnWriteArrayList<>();
    /**
     * Set as shutdown begins: a job may swallow its thread's interrupt (a driver or client that
     * catches it), and a loop that missed it must still end rather than outlive the application.
     */
    private volatile boolean stopped;

    public void every(String name, Duration interval, Runnable job) {
        executor.scheduleWithFixedDelay(() -> run(name, interval, job), interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Runs {@code job} on a thread of its own, every {@code interval} after the previous run ended. */
    public void loop(String name, Duration interval, Runnable job) {
        loop(name, interval, new Wakeup(), job);
    }

    /**
     * Runs {@code job} on a thread of its own: at once, then whenever {@code wakeup} is signalled
     * and at the latest {@code interval} after the previous run (the safety net).
     */
    public void loop(String name, Duration interval, Wakeup wakeup, Runnable job) {
        Thread thread = Thread.ofPlatform().name(name).daemon().start(() -> {
            try {
                while (!stopped && !Thread.currentThread().isInterrupted()) {
                    long seen = wakeup.version();
                    run(name, interval, job);
                    wakeup.await(seen, interval);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        loops.add(thread);
    }

    private static void run(String name, Duration interval, Runnable job) {
        try {
            job.run();
        } catch (RuntimeException e) {
            LOG.warnf("Job %s failed, it runs again in %s: %s", name, interval, e.toString());
        }
    }

    /** Stops the loops as shutdown begins, before the datasource and Hibernate close under them. */
    void stop(@Observes ShutdownEvent event) {
        stopped = true;
        executor.shutdownNow();
        loops.forEach(Thread::interrupt);
        long deadline = System.nanoTime() + STOP_PATIENCE.toNanos();
        try {
            executor.awaitTermination(STOP_PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
            for (Thread loop : loops) {
                loop.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        loops.stream().filter(Thread::isAlive).forEach(loop -> LOG.warnf("Job %s did not stop within %s",
                loop.getName(), STOP_PATIENCE));
    }
}
