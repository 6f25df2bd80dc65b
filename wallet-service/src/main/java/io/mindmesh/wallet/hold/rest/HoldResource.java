package io.mindmesh.wallet.hold.rest;

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
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Service-to-service: the orchestrator reserves, charges and returns an execution's money here. */
@Path("/internal/v1/holds")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Holds (internal)")
public class HoldResource {

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
