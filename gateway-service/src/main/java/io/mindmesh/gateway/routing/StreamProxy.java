package io.mindmesh.gateway.routing;

import io.mindmesh.gateway.auth.CurrentCaller;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The server-sent event streams (timeout class stream in {@link Routes}). Relaying a stream reads
 * the service's answer as it arrives, which blocks, so these resources are blocking: the relay
 * then runs on a worker thread, never on the event loop that {@link ProxyResource} uses. Their
 * literal paths win over {@code ProxyResource}'s pattern.
 */
@Blocking
abstract class StreamProxy {

    private final Forwarder forwarder;
    private final CurrentCaller caller;

    StreamProxy(Forwarder forwarder, CurrentCaller caller) {
        this.forwarder = forwarder;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "Forwarded to the owning service as a server-sent event stream")
    public Uni<Response> get(@Context UriInfo uri, @Context HttpHeaders headers) {
        return forwarder.forward(caller.route(), "GET", ProxyResource.target(uri), headers, null,
                caller.get().identityHeaders());
    }
}
