package io.mindmesh.wallet.hold.service;

import io.mindmesh.common.error.ApiException;
import io.mindmesh.common.error.ErrorCode;
import io.mindmesh.common.money.Money;
import io.mindmesh.wallet.Idempotent;
import io.mindmesh.wallet.batch.Combiner;
import io.mindmesh.wallet.config.WalletConfig;
import io.mindmesh.wallet.hold.HoldView;
import io.mindmesh.wallet.hold.InsufficientBalance;
import io.mindmesh.wallet.hold.repository.HoldLedger;
import io.mindmesh.wallet.hold.repository.HoldLedger.Outcome;
import io.mindmesh.wallet.hold.repository.HoldLedger.Placement;
import io.mindmesh.wallet.hold.repository.HoldLedger.Settlement;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Holds, captures and releases, each idempotent on the hold id. Concurrent calls are combined:
 * holds queue per wallet, settlements in a few lanes by hold id, and each batch is applied by one
 * statement of {@link HoldLedger}, which locks the rows it reads, so calls on one wallet from any
 * number of instances never overdraw it and a hold is settled at most once.
 */
@ApplicationScoped
public class HoldService {

    /** Settlements spread over this many lanes: batches stay large while lanes apply in parallel. */
    private static final int SETTLEMENT_LANES = 4;

    private final WalletConfig config;
    private final ExecutorService appliers;
    private final Combiner<String, Placement, Outcome> placements;
    private final Combiner<Integer, Settlement, Outcome> settlements;

    public HoldService(HoldLedger ledger, WalletConfig config) {
        this.config = config;
        this.appliers = Executors.newFixedThreadPool(config.ledger().appliers(),
                Thread.ofPlatform().name("wallet-ledger-", 0).daemon().factory());
        int maxBatch = config.ledger().maxBatch();
        this.placements = new Combiner<>(batch -> ledger.place(batch.getFirst().accountId(), batch),
                Placement::holdId, appliers, maxBatch);
        this.settlements = new Combiner<>(ledger::settle, Settlement::holdId, appliers, maxBatch);
    }

    @PreDestroy
    void stop() {
        appliers.shutdown();
    }

    /** Moves {@code amount} from available to held; a retry with the same hold id returns the first hold. */
    public Idempotent<HoldView> place(String holdId, String accountId, BigDecimal amount) {
        BigDecimal required = Money.of(amount);
        Outcome outcome = placements.submit(accountId, new Placement(holdId, accountId, required));
        return switch (outcome.kind()) {
            case APPLIED -> Idempotent.applied(outcome.hold());
            case REPLAYED -> Idempotent.replayed(outcome.hold());
            case INSUFFICIENT -> throw InsufficientBalance.error(required, outcome.available(), config.topUpUrl());
            case OTHER_ACCOUNT -> throw conflict("Hold " + holdId + " already exists for another account.");
            case NOT_FOUND, CONFLICT -> throw new IllegalStateException("A placement answered " + outcome.kind());
        };
    }

    /** Charges {@code min(actualCost, held)} and releases the rest; a second capture returns the first result. */
    public Idempotent<HoldView> capture(String holdId, BigDecimal actualCost) {
        return settle(new Settlement(holdId, Money.of(actualCost)),
                "Hold " + holdId + " was already released and can no longer be captured.");
    }

    /** Gives everything still held back to available funds; a second release returns the first result. */
    public Idempotent<HoldView> release(String holdId) {
        return settle(new Settlement(holdId, null),
                "Hold " + holdId + " was already captured and can no longer be released.");
    }

    private Idempotent<HoldView> settle(Settlement settlement, String conflictMessage) {
        String holdId = settlement.holdId();
        Outcome outcome = settlements.submit(Math.floorMod(holdId.hashCode(), SETTLEMENT_LANES), settlement);
        return switch (outcome.kind()) {
            case APPLIED -> Idempotent.applied(outcome.hold());
            case REPLAYED -> Idempotent.replayed(outcome.hold());
            case NOT_FOUND -> throw ApiException.notFound("Hold " + holdId);
            case CONFLICT -> throw conflict(conflictMessage);
            case INSUFFICIENT, OTHER_ACCOUNT -> throw new IllegalStateException("A settlement answered " + outcome.kind());
        };
    }

    private static ApiException conflict(String message) {
        return new ApiException(409, ErrorCode.CONFLICT, message);
    }
}
