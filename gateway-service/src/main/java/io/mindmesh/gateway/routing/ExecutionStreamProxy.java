package io.mindmesh.gateway.routing;

import io.mindmesh.gateway.auth.CurrentCaller;
import jakarta.ws.rs.Path;

/** {@code GET /v1/executions/{id}/stream}, relayed from the orchestrator (see {@link StreamProxy}). */
@Path("/v1/executions/{id}/stream")
public class ExecutionStreamProxy extends StreamProxy {

    ExecutionStreamProxy(StreamRelay relay, CurrentCaller caller) {
        super(relay, caller);
    }
}
