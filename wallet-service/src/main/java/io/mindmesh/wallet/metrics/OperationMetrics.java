package io.mindmesh.wallet.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.mindmesh.common.error.ApiException;
import io.mindmesh.wallet.Idempotent;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Counts {@code wallet_operations_total{operation, outcome}}: {@code applied}, {@code replayed}, the
 * lower-cased error code of a refusal (for example {@code insufficient_balance}) or {@code failed}.
 * Called around the transactional service, so an operation counts as applied only once committed.
 */
@ApplicationScoped
public class OperationMetrics {

    private final MeterRegistry registry;

    public OperationMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public <T> Idempotent<T> track(WalletOperation operation, Supplier<Idempotent<T>> call) {
        try {
            Idempotent<T> result = call.get();
            count(operation, result.replayed() ? "replayed" : "applied");
            return result;
        } catch (ApiException e) {
            count(operation, e.code().toLowerCase(Locale.ROOT));
            throw e;
        } catch (RuntimeException e) {
            count(operation, "failed");
            throw e;
        }
    }

    private void count(WalletOperation operation, String outcome) {
        registry.counter("wallet.operations", "operation", operation.tag(), "outcome", outcome).increment();
    }
}
