package io.mindmesh.orchestrator.support;

import io.mindmesh.orchestrator.wallet.Hold;
import io.mindmesh.orchestrator.wallet.client.WalletClient;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for the remote wallet (installed with {@code QuarkusMock}) and is as strict as the real
 * one (wallet-service's hold API): an amount above one billion or with more than 6 decimals is a
 * 400, an unknown hold a 404; a capture charges {@code min(amount, held)} and releases the rest, and
 * the first settlement wins: a second capture or a release after a capture answer the captured
 * hold, a capture after a release is a 409. It keeps the last state of every hold so that tests can
 * assert what was charged and released, and can be told to fail the next captures.
 */
public class RecordingWallet extends WalletClient {

    private static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000000");

    private final Map<String, Hold> holds = new ConcurrentHashMap<>();
    private final Map<String, Instant> placedAt = new ConcurrentHashMap<>();
    private final AtomicInteger failingCaptures = new AtomicInteger();
    private volatile int failureStatus;

    public RecordingWallet() {
        super(null);
    }

    @Override
    public Hold placeHold(String holdId, String accountId, BigDecimal amount) {
        validate(amount);
        placedAt.putIfAbsent(holdId, Instant.now());
        return holds.computeIfAbsent(holdId, id -> new Hold(id, accountId, amount, null, null, "HELD"));
    }

    @Override
    public List<Hold> held(Instant placedBefore, int limit) {
        return holds.values().stream().filter(h -> h.status().equals("HELD"))
                .filter(h -> placedAt.get(h.holdId()).isBefore(placedBefore))
                .sorted(Comparator.comparing(h -> placedAt.get(h.holdId()))).limit(limit).toList();
    }

    /** Makes a hold look as if it had been placed at {@code when}. */
    public void backdate(String holdId, Instant when) {
        placedAt.put(holdId, when);
    }

    @Override
    public Hold capture(String holdId, BigDecimal amount) {
        if (failingCaptures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw answer(failureStatus);
        }
        validate(amount);
        Hold settled = holds.compute(holdId, (id, hold) -> {
            if (hold == null) {
                throw answer(404);
            }
            if (!hold.status().equals("HELD")) {
                return hold;
            }
            BigDecimal captured = amount.min(hold.amount());
            return new Hold(id, hold.accountId(), hold.amount(), captured, hold.amount().subtract(captured), "CAPTURED");
        });
        if (settled.status().equals("RELEASED")) {
            throw answer(409);
        }
        return settled;
    }

    @Override
    public Hold release(String holdId) {
        return holds.compute(holdId, (id, hold) -> {
            if (hold == null) {
                throw answer(404);
            }
            return !hold.status().equals("HELD") ? hold
                    : new Hold(id, hold.accountId(), hold.amount(), BigDecimal.ZERO, hold.amount(), "RELEASED");
        });
    }

    /** The next {@code times} captures answer {@code status} (503: the wallet is down; 400, 409: refused). */
    public void failCaptures(int status, int times) {
        failureStatus = status;
        failingCaptures.set(times);
    }

    public Collection<Hold> holds() {
        return List.copyOf(holds.values());
    }

    /** The hold as the wallet last left it. */
    public Hold hold(String holdId) {
        return holds.get(holdId);
    }

    private static void validate(BigDecimal amount) {
        if (amount == null || amount.signum() <= 0 || amount.compareTo(MAX_AMOUNT) > 0
                || amount.stripTrailingZeros().scale() > 6) {
            throw answer(400);
        }
    }

    private static WebApplicationException answer(int status) {
        return new WebApplicationException(Response.status(status).build());
    }
}
