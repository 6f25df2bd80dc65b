package io.mindmesh.common.error;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.enterprise.event.Event;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Token checks fail in the error envelope (docs/public-api.md#error-envelope) too, not with Quarkus
 * security's empty bodies: the gateway's operator endpoints and every service's check of the
 * calling service's token. They reach these mappers because authentication is lazy (not proactive)
 * and path permissions are checked when the endpoint is matched. Each refusal is also fired as a
 * {@link TokenRefusal} CDI event, so that a service can count them (the gateway does) without its
 * own mappers.
 */
public class SecurityErrorMappers {

    private final Event<TokenRefusal> refusals;

    SecurityErrorMappers(Event<TokenRefusal> refusals) {
        this.refusals = refusals;
    }

    @ServerExceptionMapper({ UnauthorizedException.class, AuthenticationFailedException.class })
    public Response unauthorized() {
        refusals.fire(TokenRefusal.NO_VALID_TOKEN);
        return ErrorBody.response(401, ErrorCode.UNAUTHORIZED, "A valid bearer token is required", Map.of());
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        refusals.fire(TokenRefusal.MISSING_ROLE);
        return ErrorBody.response(403, ErrorCode.FORBIDDEN, "The token lacks the role this endpoint requires",
                Map.of());
    }
}
