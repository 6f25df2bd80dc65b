package io.mindmesh.orchestrator.wallet;

import java.math.BigDecimal;

/** The wallet's view of a hold; {@code captured} is what the account was actually charged. */
public record Hold(String holdId, String accountId, BigDecimal amount, BigDecimal captured, BigDecimal released,
        String status) {
}
