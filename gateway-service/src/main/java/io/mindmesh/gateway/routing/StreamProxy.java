package io.mindmesh.gateway.routing;

import io.mindmesh.gateway.auth.CurrentCaller;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestMulti;

/**
 * The server-sent event streams (timeout class stream in {@link Routes}), relayed by
 * {@link StreamRelay} on the event loop: an open stream pins no worker thread, and each key and
 * account may hold only so many ({@link StreamLimits}).
 */
abstract class StreamProxy {

    private final StreamRelay relay;
    private final CurrentCaller caller;

    StreamProxy(StreamRelay relay, CurrentCaller caller) {
        this.relay = relay;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "Forwarded to the owning service as a server-sent event stream")
    public RestMulti<byte[]> get(@Context UriInfo uri, @Context HttpHeaders headers) {
        return relay.relay(caller.route(), target(uri), headers, caller.get());
    }

    /** The path and query as the caller sent them, still encoded: public paths are forwarded unchanged. */
    private static String target(UriInfo uri) {
        String path = uri.getRequestUri().getRawPath();
        String query = uri.getRequestUri().getRawQuery();
        return query == null ? path : path + "?" + query;
    }
}
