package io.mindmesh.orchestrator.wallet.client;

import java.math.BigDecimal;

record HoldRequest(String holdId, String accountId, BigDecimal amount) {
}
