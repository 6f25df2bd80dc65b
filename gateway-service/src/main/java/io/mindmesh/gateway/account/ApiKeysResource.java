package io.mindmesh.gateway.account;

import io.mindmesh.gateway.auth.CurrentCaller;
import io.mindmesh.common.paging.Page;
import io.mindmesh.common.paging.PageQuery;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The public API-key management (docs/public-api.md#api-keys), for the calling key's own account
 * and environment: a test key neither sees nor makes live keys, and the other way round (operators
 * use the admin API). Creating a key is not idempotency-cached on purpose: the full key is shown
 * once and never stored, not even for a replay.
 */
@Path("/v1/api-keys")
@Produces(MediaType.APPLICATION_JSON)
public class ApiKeysResource {

    private final AccountService accounts;
    private final CurrentCaller caller;

    ApiKeysResource(AccountService accounts, CurrentCaller caller) {
        this.accounts = accounts;
        this.caller = caller;
    }

    @GET
    public Page<ApiKeyView> list(@QueryParam("page") String page, @QueryParam("limit") String limit) {
        return accounts.listKeys(caller.get(), PageQuery.parse(page, limit));
    }

    @POST
    public Response create(@Valid @NotNull(message = "Request body is required") NewApiKey request) {
        return Response.status(201).entity(accounts.createKey(caller.get(), request)).build();
    }

    @PATCH
    @Path("{id}")
    public ApiKeyView change(@PathParam("id") String id,
            @Valid @NotNull(message = "Request body is required") ApiKeyChanges changes) {
        return accounts.changeKey(caller.get(), id, changes);
    }

    @DELETE
    @Path("{id}")
    public Response revoke(@PathParam("id") String id) {
        accounts.revokeKey(caller.get(), id);
        return Response.noContent().build();
    }
}
