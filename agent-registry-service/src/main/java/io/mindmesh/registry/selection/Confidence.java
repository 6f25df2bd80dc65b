package io.mindmesh.registry.selection;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collection;
import java.util.Set;

/**
 * How sure the registry is that an agent fits a request, in [0, 1], rounded to 2 decimals (the
 * rounded value is the one compared with {@code minConfidence}, so what a caller reads is what
 * was decided).
 * <pre>
 *   with requiredCapabilities:    confidence = 0.5 · capabilityMatch + 0.5 · relevance
 *   without requiredCapabilities: confidence = relevance
 * </pre>
 * capabilityMatch is 1 when the agent brings at least one required capability, else 0: the set
 * of agents covers the required capabilities together, so an agent that carries its part fully
 * fits; how many it brings decides the order in which the set is built, not its confidence.
 * relevance is {@link RelevanceIndex}'s BM25-based text relevance.
 */
public final class Confidence {

    static final double CAPABILITY_WEIGHT = 0.5;

    private Confidence() {
    }

    public static double of(double relevance, Set<String> requiredCapabilities, Collection<String> capabilities) {
        if (requiredCapabilities.isEmpty()) {
            return round(relevance);
        }
        double capabilityMatch = bringsAny(requiredCapabilities, capabilities) ? 1 : 0;
        return round(CAPABILITY_WEIGHT * capabilityMatch + (1 - CAPABILITY_WEIGHT) * relevance);
    }

    static boolean bringsAny(Set<String> requiredCapabilities, Collection<String> capabilities) {
        return capabilities.stream().anyMatch(requiredCapabilities::contains);
    }

    private static double round(double value) {
        return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_EVEN).doubleValue();
    }
}
