package io.mindmesh.wallet.hold.service;

import io.mindmesh.common.error.ApiException;
import io.mindmesh.common.error.ErrorCode;
import io.mindmesh.common.money.Money;
import io.mindmesh.wallet.Idempotent;
import io.mindmesh.wallet.config.WalletConfig;
import io.mindmesh.wallet.hold.Hold;
import io.mindmesh.wallet.hold.HoldStatus;
import io.mindmesh.wallet.hold.HoldView;
import io.mindmesh.wallet.hold.InsufficientBalance;
import io.mindmesh.wallet.hold.Settlement;
import io.mindmesh.wallet.hold.repository.HoldRepository;
import io.mindmesh.wallet.ledger.TransactionType;
import io.mindmesh.wallet.ledger.service.Ledger;
import io.mindmesh.wallet.ledger.service.LockedWallet;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * Holds, captures and releases. Each one locks the wallet row before it reads a balance or a
 * hold's state, so concurrent calls on one wallet (from any number of instances) run one after
 * the other and never overdraw; each is idempotent on the hold id.
 */
@ApplicationScoped
public class HoldService {

    private final HoldRepository holds;
    private final Ledger ledger;
    private final WalletConfig config;

    public HoldService(HoldRepository holds, Ledger ledger, WalletConfig config) {
        this.holds = holds;
        this.ledger = ledger;
        this.config = config;
    }

    /** Moves {@code amount} from available to held; a retry with the same hold id returns the first hold. */
    @Transactional
    public Idempotent<HoldView> place(String holdId, String accountId, BigDecimal amount) {
        Optional<Hold> earlier = holds.findByIdOptional(holdId);
        if (earlier.isPresent()) {
            return replay(earlier.get(), accountId);
        }
        BigDecimal required = Money.of(amount);
        Optional<LockedWallet> wallet = ledger.lock(accountId);
        // A retry of the same hold may have committed while this call waited for the lock.
        earlier = holds.findByIdOptional(holdId);
        if (earlier.isPresent()) {
            return replay(earlier.get(), accountId);
        }
        if (wallet.isEmpty() || !wallet.get().balances().covers(required)) {
            BigDecimal available = wallet.map(w -> w.balances().available()).orElse(Money.ZERO);
            throw InsufficientBalance.error(required, available, config.topUpUrl());
        }
        Hold hold = Hold.place(holdId, accountId, required);
        holds.persist(hold);
        ledger.post(wallet.get(), TransactionType.HOLD, required, holdId, null);
        return Idempotent.applied(HoldView.of(hold));
    }

    /** Charges {@code min(actualCost, held)} and releases the rest; a second capture returns the first result. */
    @Transactional
    public Idempotent<HoldView> capture(String holdId, BigDecimal actualCost) {
        Hold hold = find(holdId);
        LockedWallet wallet = lockWalletOf(hold);
        return switch (hold.status) {
            case CAPTURED -> Idempotent.replayed(HoldView.of(hold));
            case RELEASED -> throw conflict("Hold " + holdId + " was already released and can no longer be captured.");
            case HELD -> Idempotent.applied(
                    settle(wallet, hold, HoldStatus.CAPTURED, Settlement.capture(hold.amount, actualCost)));
        };
    }

    /** Gives everything still held back to available funds; a second release returns the first result. */
    @Transactional
    public Idempotent<HoldView> release(String holdId) {
        Hold hold = find(holdId);
        LockedWallet wallet = lockWalletOf(hold);
        return switch (hold.status) {
            case RELEASED -> Idempotent.replayed(HoldView.of(hold));
            case CAPTURED -> throw conflict("Hold " + holdId + " was already captured and can no longer be released.");
            case HELD -> Idempotent.applied(settle(wallet, hold, HoldStatus.RELEASED, Settlement.release(hold.amount)));
        };
    }

    private Hold find(String holdId) {
        return holds.findByIdOptional(holdId).orElseThrow(() -> ApiException.notFound("Hold " + holdId));
    }

    /** Locks the hold's wallet, then re-reads the hold, whose state may have changed while this call waited. */
    private LockedWallet lockWalletOf(Hold hold) {
        // A hold's wallet exists: holds reference wallets and wallets are never deleted.
        LockedWallet wallet = ledger.lock(hold.accountId).orElseThrow();
        holds.reload(hold);
        return wallet;
    }

    private HoldView settle(LockedWallet wallet, Hold hold, HoldStatus outcome, Settlement settlement) {
        hold.settle(outcome, settlement);
        if (settlement.charged().signum() > 0) {
            ledger.post(wallet, TransactionType.CAPTURE, settlement.charged(), hold.holdId, null);
        }
        if (settlement.releasesAnything()) {
            ledger.post(wallet, TransactionType.RELEASE, settlement.released(), hold.holdId, null);
        }
        return HoldView.of(hold);
    }

    private static Idempotent<HoldView> replay(Hold hold, String accountId) {
        if (!hold.accountId.equals(accountId)) {
            throw conflict("Hold " + hold.holdId + " already exists for another account.");
        }
        return Idempotent.replayed(HoldView.of(hold));
    }

    private static ApiException conflict(String message) {
        return new ApiException(409, ErrorCode.CONFLICT, message);
    }
}
