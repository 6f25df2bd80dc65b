package io.mindmesh.wallet.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the wallet service, under {@code wallet.*}. */
@ConfigMapping(prefix = "wallet")
public interface WalletConfig {

    /** Where a customer tops up, returned as {@code topUpUrl} in every 402 INSUFFICIENT_BALANCE. */
    @WithDefault("https://app.mindmesh.local/wallet/topup")
    String topUpUrl();

    /** How holds, captures and releases are batched. */
    Ledger ledger();

    interface Ledger {

        /**
         * Lanes the wallets are spread over, each applying one batch at a time (one thread and one
         * JDBC connection while it does; the rest of the pool serves top-ups and reads). Fewer
         * lanes make larger batches, more lanes apply more of them at once.
         */
        @WithDefault("2")
        int lanes();

        /** Operations at most in one batch (one transaction). */
        @WithDefault("200")
        int maxBatch();
    }
}
