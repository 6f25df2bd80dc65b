package io.mindmesh.orchestrator.jobs;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The background loops of this replica (claim, heartbeat, reaper, outbox relay, metrics). Each job
 * runs with a fixed delay after its previous run, so a run never overlaps itself; intervals can be
 * below a second (the Quarkus scheduler rounds those up to one second, too slow for the relay).
 */
@ApplicationScoped
public class PeriodicJobs {

    private static final Logger LOG = Logger.getLogger(PeriodicJobs.class);

    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2,
            Thread.ofPlatform().name("periodic-job-", 0).daemon().factory());

    public void every(String name, Duration interval, Runnable job) {
        executor.scheduleWithFixedDelay(() -> {
            try {
                job.run();
            } catch (RuntimeException e) {
                LOG.warnf("Job %s failed, it runs again in %s: %s", name, interval, e.toString());
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops the loops as shutdown begins, before the datasource and Hibernate close under them. */
    void stop(@Observes ShutdownEvent event) {
        executor.shutdownNow();
    }
}
