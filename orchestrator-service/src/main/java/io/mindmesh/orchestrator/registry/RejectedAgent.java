package io.mindmesh.orchestrator.registry;

import java.math.BigDecimal;

/** A candidate the registry did not select, and why: kept so that the routing is explainable. */
public record RejectedAgent(String id, String name, BigDecimal confidence, String reason) {
}
