package io.mindmesh.orchestrator.workflow.service;

import java.time.Instant;
import java.util.UUID;

/**
 * A run just accepted. {@code pollToken} is set for pollable runs only: it is shown once and
 * stored as a hash.
 */
public record StartedRun(String executionId, UUID threadId, String workflowSlug, String workflowName,
        String conversationId, Instant createdAt, String pollToken) {
}
