package io.mindmesh.gateway.http;

import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * A service's answer as the gateway relays it: status, the headers passed on and the body as bytes,
 * never parsed.
 */
public record Answer(int status, Map<String, String> headers, byte[] body) {

    /** For the JAX-RS resources that forward (the operator paths). */
    public Response toResponse() {
        Response.ResponseBuilder relayed = Response.status(status).entity(body);
        headers.forEach(relayed::header);
        return relayed.build();
    }
}
