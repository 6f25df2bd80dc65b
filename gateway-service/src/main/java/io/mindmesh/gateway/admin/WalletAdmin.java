package io.mindmesh.gateway.admin;

import io.mindmesh.common.error.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
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

    public Map<String, Object> topUp(String accountId, BigDecimal amount, String reference) {
        try {
            return wallet.topUp(accountId, new WalletAdminClient.TopUp(amount, reference));
        } catch (ProcessingException | TimeoutException e) {
            throw ApiException.unavailable("The wallet service is temporarily unavailable; retry shortly", 5);
        }
    }
}
