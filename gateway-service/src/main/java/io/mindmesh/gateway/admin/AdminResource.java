package io.mindmesh.gateway.admin;

import io.mindmesh.gateway.account.AccountService;
import io.mindmesh.gateway.account.AccountView;
import io.mindmesh.gateway.account.CreateAccountRequest;
import io.mindmesh.gateway.account.CreateKeyRequest;
import io.mindmesh.gateway.account.CreatedKey;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** Operator endpoints: a Keycloak token with the {@code operator} realm role is required. */
@Path("/v1/admin/accounts")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("operator")
public class AdminResource {

    private final AccountService accounts;
    private final WalletAdmin wallet;
    private final SecurityIdentity operator;

    AdminResource(AccountService accounts, WalletAdmin wallet, SecurityIdentity operator) {
        this.accounts = accounts;
        this.wallet = wallet;
        this.operator = operator;
    }

    @POST
    public Response create(@Valid @NotNull(message = "Request body is required") CreateAccountRequest request) {
        return Response.status(201).entity(accounts.create(request)).build();
    }

    @GET
    @Path("{id}")
    public AccountView get(@PathParam("id") String id) {
        return accounts.get(id);
    }

    @POST
    @Path("{id}/suspend")
    public AccountView suspend(@PathParam("id") String id) {
        return accounts.suspend(id);
    }

    @POST
    @Path("{id}/api-keys")
    public Response createKey(@PathParam("id") String id,
            @Valid @NotNull(message = "Request body is required") CreateKeyRequest request) {
        CreatedKey key = accounts.createKey(id, request);
        return Response.status(201).entity(key).build();
    }

    @POST
    @Path("{id}/top-ups")
    public Response topUp(@PathParam("id") String id,
            @Valid @NotNull(message = "Request body is required") TopUpRequest request) {
        accounts.get(id);
        Map<String, Object> result = wallet.topUp(id, request.amount(), request.reference(),
                operator.getPrincipal().getName());
        return Response.status(201).entity(result).build();
    }
}
