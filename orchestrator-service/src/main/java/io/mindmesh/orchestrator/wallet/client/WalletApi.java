package io.mindmesh.orchestrator.wallet.client;

import io.mindmesh.common.error.ApiException;
import io.mindmesh.common.error.ErrorCode;
import io.mindmesh.orchestrator.client.RequestIdHeaders;
import io.mindmesh.orchestrator.wallet.Hold;
import io.quarkus.oidc.client.filter.OidcClientFilter;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The wallet accepts only service tokens: the filter attaches the orchestrator's. */
@RegisterClientHeaders(RequestIdHeaders.class)
@RegisterRestClient(configKey = "wallet")
@OidcClientFilter
@Path("/internal/v1/holds")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
interface WalletApi {

    @POST
    Hold placeHold(HoldRequest request);

    @GET
    List<Hold> held(@QueryParam("placedBefore") String placedBefore, @QueryParam("limit") int limit);

    @POST
    @Path("/{holdId}/capture")
    Hold capture(@PathParam("holdId") String holdId, CaptureRequest request);

    @POST
    @Path("/{holdId}/release")
    Hold release(@PathParam("holdId") String holdId);

    /**
     * A short balance is an answer, not a failure: it becomes the caller's 402 with the wallet's
     * own figures. Other statuses keep the default handling (a failure the fault tolerance sees).
     */
    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        if (response.getStatus() != 402) {
            return null;
        }
        InsufficientBalanceBody body = response.readEntity(InsufficientBalanceBody.class);
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("requiredBalance", body.requiredBalance());
        extra.put("currentBalance", body.currentBalance());
        extra.put("topUpUrl", body.topUpUrl());
        String message = body.message() != null ? body.message() : "Insufficient wallet balance";
        return new ApiException(402, ErrorCode.INSUFFICIENT_BALANCE, message, extra);
    }
}
