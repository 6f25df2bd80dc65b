package io.mindmesh.wallet.metrics;

import java.util.Locale;

/** The money-moving operations counted in {@code wallet_operations_total}. */
public enum WalletOperation {
    HOLD, CAPTURE, RELEASE, TOP_UP;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
