package io.mindmesh.gateway.auth;

import io.mindmesh.common.error.ErrorBody;
import io.mindmesh.common.error.ErrorCode;
import io.mindmesh.gateway.metrics.AuthFailure;
import io.mindmesh.gateway.metrics.GatewayMetrics;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Operator endpoints fail in the seed's envelope too, not with Quarkus security's empty bodies. */
public class SecurityErrorMappers {

    private final GatewayMetrics metrics;

    SecurityErrorMappers(GatewayMetrics metrics) {
        this.metrics = metrics;
    }

    @ServerExceptionMapper({ UnauthorizedException.class, AuthenticationFailedException.class })
    public Response unauthorized() {
        metrics.authFailure(AuthFailure.OPERATOR_TOKEN);
        return ErrorBody.response(401, ErrorCode.UNAUTHORIZED, "A valid operator token is required", Map.of());
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        metrics.authFailure(AuthFailure.OPERATOR_ROLE);
        return ErrorBody.response(403, ErrorCode.FORBIDDEN, "The operator role is required", Map.of());
    }
}
