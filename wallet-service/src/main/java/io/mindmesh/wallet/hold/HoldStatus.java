package io.mindmesh.wallet.hold;

public enum HoldStatus {
    HELD, CAPTURED, RELEASED
}
