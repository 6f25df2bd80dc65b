package io.mindmesh.wallet.topup.rest;

import io.mindmesh.common.error.ApiException;
import io.mindmesh.wallet.Idempotent;
import io.mindmesh.wallet.metrics.OperationMetrics;
import io.mindmesh.wallet.metrics.WalletOperation;
import io.mindmesh.wallet.topup.TopUpReceipt;
import io.mindmesh.wallet.topup.TopUpRequest;
import io.mindmesh.wallet.topup.service.TopUpService;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Service-to-service: the gateway forwards an operator's top-up here, naming the operator in
 * {@code X-Operator}; only a token with the realm role {@code wallet-top-up} reaches it.
 */
@Path("/internal/v1/wallets/{accountId}/top-ups")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Top-ups (internal)")
public class TopUpResource {

    /** Who credits the wallet: the operator the gateway authenticated (recorded as {@code credited_by}). */
    static final String OPERATOR_HEADER = "X-Operator";
    private static final int MAX_OPERATOR = 200;

    private final TopUpService topUps;
    private final OperationMetrics metrics;

    public TopUpResource(TopUpService topUps, OperationMetrics metrics) {
        this.topUps = topUps;
        this.metrics = metrics;
    }

    @POST
    @Operation(summary = "Credit a wallet: 201, or 200 with the first receipt when the reference was already used")
    public Response topUp(
            @PathParam("accountId") @Size(max = 64, message = "Account id must be at most 64 characters long.") String accountId,
            @Valid @NotNull(message = "A JSON request body is required.") TopUpRequest request,
            @HeaderParam(OPERATOR_HEADER) String operator) {
        if (operator == null || operator.isBlank()) {
            throw ApiException.invalid(OPERATOR_HEADER, OPERATOR_HEADER + " (who makes the top-up) is required.");
        }
        if (operator.length() > MAX_OPERATOR) {
            throw ApiException.invalid(OPERATOR_HEADER,
                    OPERATOR_HEADER + " must be at most " + MAX_OPERATOR + " characters long.");
        }
        Idempotent<TopUpReceipt> result = metrics.track(WalletOperation.TOP_UP,
                () -> topUps.topUp(accountId, request.amount(), request.reference(), operator));
        return Response.status(result.replayed() ? Response.Status.OK : Response.Status.CREATED)
                .entity(result.value()).build();
    }
}
