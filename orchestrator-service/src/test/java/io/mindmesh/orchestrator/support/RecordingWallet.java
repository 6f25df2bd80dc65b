package io.mindmesh.orchestrator.support;

import io.mindmesh.orchestrator.wallet.Hold;
import io.mindmesh.orchestrator.wallet.client.WalletClient;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stands in for the remote wallet (installed with {@code QuarkusMock}) with its contract: a capture
 * charges {@code min(amount, held)} and releases the rest, a release releases everything. It keeps
 * the last state of every hold so that tests can assert what was charged and released.
 */
public class RecordingWallet extends WalletClient {

    private final Map<String, Hold> holds = new ConcurrentHashMap<>();

    public RecordingWallet() {
        super(null);
    }

    @Override
    public Hold placeHold(String holdId, String accountId, BigDecimal amount) {
        return holds.computeIfAbsent(holdId, id -> new Hold(id, accountId, amount, null, null, "HELD"));
    }

    @Override
    public Hold capture(String holdId, BigDecimal amount) {
        return holds.compute(holdId, (id, hold) -> {
            BigDecimal captured = amount.min(hold.amount());
            return new Hold(id, hold.accountId(), hold.amount(), captured, hold.amount().subtract(captured), "CAPTURED");
        });
    }

    @Override
    public Hold release(String holdId) {
        return holds.compute(holdId, (id, hold) -> new Hold(id, hold.accountId(), hold.amount(), BigDecimal.ZERO,
                hold.amount(), "RELEASED"));
    }

    public Collection<Hold> holds() {
        return List.copyOf(holds.values());
    }

    /** The hold as the wallet last left it. */
    public Hold hold(String holdId) {
        return holds.get(holdId);
    }
}
