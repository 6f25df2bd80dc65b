package io.mindmesh.wallet.hold.service;

import io.mindmesh.common.error.ApiException;
import io.mindmesh.common.error.ErrorCode;
import io.mindmesh.common.money.Money;
import io.mindmesh.wallet.Idempotent;
import io.mindmesh.wallet.batch.Combiner;
import io.mindmesh.wallet.config.WalletConfig;
import io.mindmesh.wallet.hold.HoldStatus;
import io.mindmesh.wallet.hold.HoldView;
import io.mindmesh.wallet.hold.InsufficientBalance;
import io.mindmesh.wallet.hold.repository.HoldLedger;
import io.mindmesh.wallet.hold.repository.HoldLedger.Operation;
import io.mindmesh.wallet.hold.repository.HoldLedger.Outcome;
import io.mindmesh.wallet.hold.repository.HoldLedger.Placement;
import io.mindmesh.wallet.hold.repository.HoldLedger.Settlement;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Holds, captures and releases, each idempotent on the hold id. Concurrent calls are combined:
 * every wallet belongs to one of a few lanes, calls queue on their wallet's lane, and one applier
 * applies everything queued there, mixed holds, captures and releases of any of its wallets, in
 * one transaction of {@link HoldLedger} that locks the rows it reads. So calls on one wallet from
 * any number of instances never overdraw it and a hold is settled at most once; a hot wallet pays
 * one row lock and one commit per batch, and calls on different wallets share statements instead
 * of paying one each. The lanes are applied in parallel.
 */
@ApplicationScoped
public class HoldService {

    /**
     * Holds remembered with their wallet: about a minute of holds at a few thousand per second;
     * past that a capture reads its wallet from the database.
     */
    private static final int REMEMBERED_HOLDS = 200_000;

    private final HoldLedger ledger;
    private final WalletConfig config;
    private final ExecutorService appliers;
    private final Combiner<String, Operation, Outcome> combiner;
    private final HoldWallets holdWallets = new HoldWallets(REMEMBERED_HOLDS);

    public HoldService(HoldLedger ledger, WalletConfig config) {
        this.ledger = ledger;
        this.config = config;
        this.appliers = Executors.newFixedThreadPool(config.ledger().lanes(),
                Thread.ofPlatform().name("wallet-ledger-", 0).daemon().factory());
        this.combiner = new Combiner<>(ledger::apply, Operation::holdId, appliers, config.ledger().lanes(),
                config.ledger().maxBatch());
    }

    @PreDestroy
    void stop() {
        appliers.shutdown();
    }

    /** Moves {@code amount} from available to held; a retry with the same hold id returns the first hold. */
    public Idempotent<HoldView> place(String holdId, String accountId, BigDecimal amount) {
        BigDecimal required = Money.of(amount);
        Outcome outcome = combiner.submit(accountId, new Placement(holdId, accountId, required));
        return switch (outcome.kind()) {
            case APPLIED -> Idempotent.applied(remembered(outcome.hold()));
            case REPLAYED -> Idempotent.replayed(remembered(outcome.hold()));
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

    /** Holds still unsettled that were placed before {@code placedBefore}, oldest first. */
    public List<HoldView> heldSince(Instant placedBefore, int limit) {
        return ledger.heldSince(placedBefore, limit);
    }

    private HoldView remembered(HoldView hold) {
        if (hold.status() == HoldStatus.HELD) {
            holdWallets.remember(hold.holdId(), hold.accountId());
        }
        return hold;
    }

    private Idempotent<HoldView> settle(Settlement settlement, String conflictMessage) {
        String holdId = settlement.holdId();
        // An unknown hold has no wallet to queue on: its statement, alone, answers 404 (or settles
        // it, should it have been placed in the meantime, locking its wallet's rows as any batch).
        Outcome outcome = holdWallets.walletOf(holdId, ledger::walletOf)
                .map(accountId -> combiner.submit(accountId, settlement))
                .orElseGet(() -> ledger.apply(List.of(settlement)).getFirst());
        holdWallets.forget(holdId);
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
