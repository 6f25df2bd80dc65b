package io.mindmesh.orchestrator.wallet.client;

import java.math.BigDecimal;

/** The wallet's 402 envelope; its amounts are read as exact decimals and passed on unchanged. */
record InsufficientBalanceBody(String error, String message, BigDecimal requiredBalance, BigDecimal currentBalance,
        String topUpUrl) {
}
