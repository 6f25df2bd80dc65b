package io.mindmesh.gateway.routing;

import io.mindmesh.gateway.auth.CurrentCaller;
import jakarta.ws.rs.Path;

/** {@code GET /api/v1/workflows/execute/{id}/stream}, relayed from the orchestrator (see {@link StreamProxy}). */
@Path("/api/v1/workflows/execute/{id}/stream")
public class WorkflowStreamProxy extends StreamProxy {

    WorkflowStreamProxy(StreamRelay relay, CurrentCaller caller) {
        super(relay, caller);
    }
}
