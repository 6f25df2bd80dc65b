package io.mindmesh.gateway.admin;

import io.mindmesh.common.request.RequestId;
import io.quarkus.oidc.client.filter.OidcClientFilter;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.math.BigDecimal;
import java.util.Map;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * Top-ups are idempotent on their reference, so a retry after a timeout cannot credit twice. The
 * wallet accepts only service tokens: the filter attaches the gateway's.
 */
@RegisterRestClient(configKey = "wallet")
@OidcClientFilter
@Path("/internal/v1/wallets")
@ClientHeaderParam(name = RequestId.HEADER, value = "{currentRequestId}")
interface WalletAdminClient {

    @POST
    @Path("{accountId}/top-ups")
    @Timeout(5000)
    @Retry(maxRetries = 2, delay = 200)
    Map<String, Object> topUp(@PathParam("accountId") String accountId,
            @HeaderParam(CatalogAdminResource.OPERATOR_HEADER) String operator, TopUp topUp);

    default String currentRequestId() {
        return RequestId.current();
    }

    record TopUp(BigDecimal amount, String reference) {
    }
}
