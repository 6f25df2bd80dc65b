package io.mindmesh.wallet.hold.rest;

import io.mindmesh.common.error.ApiException;
import io.mindmesh.wallet.Idempotent;
import io.mindmesh.wallet.hold.CaptureRequest;
import io.mindmesh.wallet.hold.HoldView;
import io.mindmesh.wallet.hold.PlaceHoldRequest;
import io.mindmesh.wallet.hold.service.HoldService;
import io.mindmesh.wallet.metrics.WalletOperation;
import io.mindmesh.wallet.metrics.OperationMetrics;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Service-to-service: the orchestrator reserves, charges and returns an execution's money here. */
@Path("/internal/v1/holds")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Holds (internal)")
public class HoldResource {

    private static final int MAX_LISTED = 500;

    private final HoldService holds;
    private final OperationMetrics metrics;

    public HoldResource(HoldService holds, OperationMetrics metrics) {
        this.holds = holds;
        this.metrics = metrics;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Hold an execution's estimated cost: 201, or 200 when the hold id already exists")
    public Response place(@Valid @NotNull(message = "A JSON request body is required.") PlaceHoldRequest request) {
        Idempotent<HoldView> result = metrics.track(WalletOperation.HOLD,
                () -> holds.place(request.holdId(), request.accountId(), request.amount()));
        return Response.status(result.replayed() ? Response.Status.OK : Response.Status.CREATED)
                .entity(result.value()).build();
    }

    /**
     * Unsettled holds placed before {@code placedBefore}, oldest first: a hold whose execution was
     * never stored (the orchestrator stopped between the hold and the insert) shows here, and the
     * orchestrator releases it (docs/internal-api.md).
     */
    @GET
    @Operation(summary = "List HELD holds placed before an instant, oldest first")
    public List<HoldView> held(@QueryParam("placedBefore") String placedBefore,
            @QueryParam("limit") @DefaultValue("100") String limit) {
        if (placedBefore == null || placedBefore.isBlank()) {
            throw ApiException.invalid("placedBefore", "placedBefore is required (an ISO-8601 instant)");
        }
        Instant before;
        try {
            before = Instant.parse(placedBefore);
        } catch (DateTimeParseException e) {
            throw ApiException.invalid("placedBefore", "placedBefore must be an ISO-8601 instant");
        }
        int max;
        try {
            max = Integer.parseInt(limit);
        } catch (NumberFormatException e) {
            max = -1;
        }
        if (max < 1 || max > MAX_LISTED) {
            throw ApiException.invalid("limit", "limit must be a whole number from 1 to " + MAX_LISTED);
        }
        return holds.heldSince(before, max);
    }

    @POST
    @Path("{holdId}/capture")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Charge min(amount, held) and release the rest; idempotent")
    public HoldView capture(@PathParam("holdId") String holdId,
            @Valid @NotNull(message = "A JSON request body is required.") CaptureRequest request) {
        return metrics.track(WalletOperation.CAPTURE,
                () -> holds.capture(holdId, request.amount())).value();
    }

    @POST
    @Path("{holdId}/release")
    @Operation(summary = "Release whatever is still held; idempotent")
    public HoldView release(@PathParam("holdId") String holdId) {
        return metrics.track(WalletOperation.RELEASE, () -> holds.release(holdId)).value();
    }
}
