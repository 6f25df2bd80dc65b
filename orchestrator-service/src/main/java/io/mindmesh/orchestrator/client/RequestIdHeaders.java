package io.mindmesh.orchestrator.client;

import io.mindmesh.common.request.RequestId;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import org.eclipse.microprofile.rest.client.ext.ClientHeadersFactory;

/** Calls to the registry and the wallet carry the request id they serve, so one id traces a request across services. */
public class RequestIdHeaders implements ClientHeadersFactory {

    @Override
    public MultivaluedMap<String, String> update(MultivaluedMap<String, String> incoming,
            MultivaluedMap<String, String> outgoing) {
        MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();
        headers.putSingle(RequestId.HEADER, RequestId.current());
        return headers;
    }
}
