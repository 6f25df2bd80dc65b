package io.mindmesh.gateway.admin;

import io.mindmesh.common.error.ApiException;
import io.mindmesh.common.error.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import java.math.BigDecimal;
import java.util.Map;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** Operator money movements, done by the wallet service that owns them. */
@ApplicationScoped
public class WalletAdmin {

    private final WalletAdminClient wallet;

    WalletAdmin(@RestClient WalletAdminClient wallet) {
        this.wallet = wallet;
    }

    /** Credits the wallet; the wallet records {@code operator} as who made the credit. */
    public Map<String, Object> topUp(String accountId, BigDecimal amount, String reference, String operator) {
        try {
            return wallet.topUp(accountId, operator, new WalletAdminClient.TopUp(amount, reference));
        } catch (ProcessingException | TimeoutException e) {
            throw ApiException.unavailable("The wallet service is temporarily unavailable; retry shortly", 5);
        } catch (WebApplicationException e) {
            throw refusal(e);
        }
    }

    /**
     * The wallet's own answer to a request it refused (a reference reused with another amount or
     * for another account is 409, bad input 400), passed on to the operator in the envelope; any
     * other failure is the wallet being unavailable.
     */
    private static ApiException refusal(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status != 400 && status != 409) {
            return ApiException.unavailable("The wallet service is temporarily unavailable; retry shortly", 5);
        }
        String code = status == 409 ? ErrorCode.CONFLICT : ErrorCode.INVALID_REQUEST;
        Map<?, ?> body;
        try {
            body = e.getResponse().readEntity(Map.class);
        } catch (RuntimeException unreadable) {
            return new ApiException(status, code, "The wallet refused the top-up");
        }
        Map<String, Object> extra = body.get("field") instanceof String field ? Map.of("field", field) : Map.of();
        return new ApiException(status, code, String.valueOf(body.get("message")), extra);
    }
}
