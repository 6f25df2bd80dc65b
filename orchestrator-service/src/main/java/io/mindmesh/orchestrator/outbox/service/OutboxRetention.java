package io.mindmesh.orchestrator.outbox.service;

import io.mindmesh.orchestrator.config.OrchestratorConfig;
import io.mindmesh.orchestrator.jobs.PeriodicJobs;
import io.mindmesh.orchestrator.outbox.repository.OutboxRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;

/**
 * Deletes published events older than {@code outbox.retention}. Until then they are the history that
 * execution streams replay and {@code Last-Event-ID} resumes from; unpublished events are never deleted.
 */
@ApplicationScoped
public class OutboxRetention {

    private static final Duration INTERVAL = Duration.ofMinutes(10);
    /** Rows per transaction: short transactions keep the job from holding locks or a job thread for long. */
    private static final int CHUNK = 1000;

    private final OutboxRepository outbox;
    private final OrchestratorConfig config;
    private final PeriodicJobs jobs;

    public OutboxRetention(OutboxRepository outbox, OrchestratorConfig config, PeriodicJobs jobs) {
        this.outbox = outbox;
        this.config = config;
        this.jobs = jobs;
    }

    void start(@Observes StartupEvent event) {
        jobs.every("outbox-retention", INTERVAL, this::purge);
    }

    /** Returns how many events were deleted. */
    public long purge() {
        Instant before = Instant.now().minus(config.outbox().retention());
        long deleted = 0;
        int chunk;
        do {
            chunk = QuarkusTransaction.requiringNew().call(() -> outbox.deletePublishedBefore(before, CHUNK));
            deleted += chunk;
        } while (chunk == CHUNK);
        return deleted;
    }
}
