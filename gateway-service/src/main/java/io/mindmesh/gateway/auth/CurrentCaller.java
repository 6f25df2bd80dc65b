package io.mindmesh.gateway.auth;

import io.mindmesh.common.error.ApiException;
import io.mindmesh.common.error.ErrorCode;
import io.mindmesh.gateway.ratelimit.Decision;
import jakarta.enterprise.context.RequestScoped;
import java.util.Optional;

/** The API-key caller of the current request and its rate-limit decision, set by {@link ApiKeyFilter}. */
@RequestScoped
public class CurrentCaller {

    private AuthenticatedKey key;
    private Decision rateLimit;

    void set(AuthenticatedKey key, Decision rateLimit) {
        this.key = key;
        this.rateLimit = rateLimit;
    }

    public AuthenticatedKey get() {
        if (key == null) {
            throw new ApiException(401, ErrorCode.UNAUTHORIZED, "Invalid or missing API key");
        }
        return key;
    }

    public Optional<AuthenticatedKey> find() {
        return Optional.ofNullable(key);
    }

    public Optional<Decision> rateLimit() {
        return Optional.ofNullable(rateLimit);
    }
}
