package io.mindmesh.registry.app;

import java.time.Instant;
import java.util.List;

/** An app as the operator API shows it: its definition, with {@code id} always set, and its timestamps. */
public record App(
        String id,
        String name,
        String slug,
        String description,
        List<String> workflows,
        String defaultWorkflow,
        Instant createdAt,
        Instant updatedAt) {
}
