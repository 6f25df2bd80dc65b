package io.mindmesh.gateway.developer;

import io.mindmesh.gateway.auth.AuthenticatedKey;
import io.mindmesh.gateway.auth.CurrentCaller;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /developer/v2/apps/load}: the organisation behind the presented key, which in
 * MindMesh is the key's account. Answered from the authenticated key, so it reads nothing.
 */
@Path("/developer/v2/apps/load")
@Produces(MediaType.APPLICATION_JSON)
public class AppsLoadResource {

    private final CurrentCaller caller;

    AppsLoadResource(CurrentCaller caller) {
        this.caller = caller;
    }

    @GET
    public Organization load() {
        AuthenticatedKey key = caller.get();
        return new Organization(key.accountId(), key.accountName());
    }

    /** {@code orgId} is the account id, {@code orgName} the account's name. */
    public record Organization(String orgId, String orgName) {
    }
}
