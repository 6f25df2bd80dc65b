package io.mindmesh.wallet.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the wallet service, under {@code wallet.*}. */
@ConfigMapping(prefix = "wallet")
public interface WalletConfig {

    /** Where a customer tops up, returned as {@code topUpUrl} in every 402 INSUFFICIENT_BALANCE. */
    @WithDefault("https://app.mindmesh.local/wallet/topup")
    String topUpUrl();
}
