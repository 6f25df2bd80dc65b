package io.mindmesh.gateway.security;

import io.mindmesh.common.error.ApiException;
import io.mindmesh.common.error.ErrorBody;
import io.mindmesh.gateway.metrics.GatewayMetrics;
import io.quarkus.oidc.client.OidcClientException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Without a service token no service will answer, so a token that cannot be fetched (Keycloak down
 * or refusing the gateway's secret) is the platform being unavailable: 503 with Retry-After.
 */
public class ServiceTokenFailureMapper {

    private static final Logger LOG = Logger.getLogger(ServiceTokenFailureMapper.class);
    private static final int RETRY_AFTER_SECONDS = 5;

    private final GatewayMetrics metrics;

    ServiceTokenFailureMapper(GatewayMetrics metrics) {
        this.metrics = metrics;
    }

    @ServerExceptionMapper
    public Response tokenUnavailable(OidcClientException e) {
        LOG.warnf("No service token from Keycloak: %s", e.getMessage());
        metrics.serviceTokenFailure();
        return ErrorBody.response(ApiException.unavailable(
                "The platform cannot authenticate to its services right now; retry shortly", RETRY_AFTER_SECONDS));
    }
}
