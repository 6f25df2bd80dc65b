package io.mindmesh.registry.selection;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfidenceTest {

    @Test
    void withoutRequiredCapabilitiesConfidenceIsTheRelevanceRounded() {
        assertEquals(0.8, Confidence.of(0.8012, Set.of(), List.of("financial_forecasting")));
        assertEquals(0.0, Confidence.of(0.0, Set.of(), List.of("financial_forecasting")));
    }

    @Test
    void anAgentBringingARequiredCapabilityGetsHalfFromItAndHalfFromRelevance() {
        assertEquals(0.75, Confidence.of(0.5, Set.of("payment_routing", "compliance_check"), List.of("payment_routing")));
        assertEquals(0.5, Confidence.of(0.0, Set.of("payment_routing"), List.of("payment_routing", "iban_validation")));
        assertEquals(1.0, Confidence.of(1.0, Set.of("payment_routing"), List.of("payment_routing")));
    }

    @Test
    void anAgentBringingNoRequiredCapabilityKeepsOnlyHalfOfItsRelevance() {
        assertEquals(0.45, Confidence.of(0.9, Set.of("payment_routing"), List.of("fx_hedging")));
    }

    @Test
    void roundsHalfEvenToTwoDecimals() {
        assertEquals(0.72, Confidence.of(0.725, Set.of(), List.of("x")));
        assertEquals(0.74, Confidence.of(0.735, Set.of(), List.of("x")));
    }
}
