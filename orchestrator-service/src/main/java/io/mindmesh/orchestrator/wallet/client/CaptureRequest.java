package io.mindmesh.orchestrator.wallet.client;

import java.math.BigDecimal;

record CaptureRequest(BigDecimal amount) {
}
