package io.mindmesh.gateway.auth;

import io.mindmesh.common.error.ApiException;
import io.mindmesh.common.error.ErrorCode;
import jakarta.enterprise.context.RequestScoped;

/** The API-key caller of the current request, set by {@link ApiKeyFilter}. */
@RequestScoped
public class CurrentCaller {

    private AuthenticatedKey key;

    void set(AuthenticatedKey key) {
        this.key = key;
    }

    public AuthenticatedKey get() {
        if (key == null) {
            throw new ApiException(401, ErrorCode.UNAUTHORIZED, "Invalid or missing API key");
        }
        return key;
    }
}
