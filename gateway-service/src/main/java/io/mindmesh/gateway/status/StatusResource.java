package io.mindmesh.gateway.status;

import io.mindmesh.gateway.auth.AuthenticatedKey;
import io.mindmesh.gateway.auth.CurrentCaller;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Answers from memory (the key was read by the filter), so on the event loop: no worker thread per call. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@NonBlocking
public class StatusResource {

    private final CurrentCaller caller;
    private final String version;

    StatusResource(CurrentCaller caller, @ConfigProperty(name = "quarkus.application.version") String version) {
        this.caller = caller;
        this.version = version;
    }

    /**
     * The public health check (docs/public-api.md#health-and-auth-test); probes use /q/health/live
     * and /q/health/ready.
     */
    @GET
    @Path("health")
    public Health health() {
        return new Health("ok", version, Instant.now());
    }

    @GET
    @Path("v1/auth/test")
    public AuthTest authTest() {
        AuthenticatedKey key = caller.get();
        return new AuthTest(true, key.accountId(), key.keyId(), key.tier(), key.environment());
    }

    public record Health(String status, String version, Instant timestamp) {
    }

    public record AuthTest(boolean authenticated, String accountId, String keyId, String tier, String environment) {
    }
}
