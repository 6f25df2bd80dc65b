package io.mindmesh.gateway.security;

import io.mindmesh.common.error.ErrorBody;
import io.quarkus.oidc.client.OidcClientException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A service token that could not be fetched for a REST client of a JAX-RS resource (the operator's
 * top-ups to the wallet) is answered as {@link ServiceToken#unavailable} says: 503 with Retry-After.
 * The forwards get the same answer from {@link ServiceToken#authorization()} itself.
 */
public class ServiceTokenFailureMapper {

    private final ServiceToken serviceToken;

    ServiceTokenFailureMapper(ServiceToken serviceToken) {
        this.serviceToken = serviceToken;
    }

    @ServerExceptionMapper
    public Response tokenUnavailable(OidcClientException e) {
        return ErrorBody.response(serviceToken.unavailable(e));
    }
}
