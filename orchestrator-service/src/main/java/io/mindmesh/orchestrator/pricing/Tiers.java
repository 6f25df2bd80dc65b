package io.mindmesh.orchestrator.pricing;

import io.mindmesh.orchestrator.config.OrchestratorConfig;
import jakarta.enterprise.context.ApplicationScoped;

/** The configured rules of each tier. An unknown tier gets the developer rules, the most restrictive. */
@ApplicationScoped
public class Tiers {

    public static final String DEVELOPER = "developer";
    public static final String BUSINESS = "business";
    public static final String ENTERPRISE = "enterprise";

    private final OrchestratorConfig.Tiers config;

    public Tiers(OrchestratorConfig config) {
        this.config = config.tiers();
    }

    public TierRules of(String tier) {
        return switch (tier == null ? DEVELOPER : tier) {
            case BUSINESS -> rules(BUSINESS, config.business());
            case ENTERPRISE -> rules(ENTERPRISE, config.enterprise());
            default -> rules(DEVELOPER, config.developer());
        };
    }

    private static TierRules rules(String name, OrchestratorConfig.Tier tier) {
        return new TierRules(name, tier.platformFeeRate(), tier.minimumFee(), tier.maxConcurrent(), tier.queueSize());
    }
}
