package io.mindmesh.orchestrator.wallet.client;

import io.mindmesh.common.error.ApiException;
import io.mindmesh.orchestrator.wallet.Hold;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * The wallet as the orchestrator uses it. Holds, captures and releases are idempotent by
 * {@code holdId} (the execution id), so every call is retried. A 402 is the wallet's answer and is
 * never retried nor counted against the breaker.
 */
@ApplicationScoped
public class WalletClient {

    static final int RETRY_AFTER_SECONDS = 5;

    private static final Logger LOG = Logger.getLogger(WalletClient.class);

    private final WalletApi api;

    public WalletClient(@RestClient WalletApi api) {
        this.api = api;
    }

    /** Reserves {@code amount}; 402 {@code INSUFFICIENT_BALANCE} when short, 503 when the wallet is down. */
    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200, abortOn = ApiException.class)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = RETRY_AFTER_SECONDS * 1000L,
            skipOn = ApiException.class)
    @Fallback(fallbackMethod = "holdUnavailable", skipOn = ApiException.class)
    public Hold placeHold(String holdId, String accountId, BigDecimal amount) {
        return api.placeHold(new HoldRequest(holdId, accountId, amount));
    }

    /** Charges {@code min(amount, held)} and releases the rest; the wallet answers with what it captured. */
    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 3, delay = 500)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = RETRY_AFTER_SECONDS * 1000L)
    public Hold capture(String holdId, BigDecimal amount) {
        return api.capture(holdId, new CaptureRequest(amount));
    }

    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 3, delay = 500)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = RETRY_AFTER_SECONDS * 1000L)
    public Hold release(String holdId) {
        return api.release(holdId);
    }

    /** Unsettled holds placed before {@code placedBefore}, oldest first, at most {@code limit}. */
    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    public List<Hold> held(Instant placedBefore, int limit) {
        return api.held(placedBefore.toString(), limit);
    }

    Hold holdUnavailable(String holdId, String accountId, BigDecimal amount, Throwable cause) {
        LOG.warnf("Wallet unavailable while placing hold %s: %s", holdId, cause.toString());
        throw ApiException.unavailable("The wallet is temporarily unavailable; please retry shortly",
                RETRY_AFTER_SECONDS);
    }
}
