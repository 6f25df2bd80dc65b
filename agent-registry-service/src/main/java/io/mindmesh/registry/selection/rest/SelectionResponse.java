package io.mindmesh.registry.selection.rest;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.mindmesh.registry.agent.rest.AgentResponse;
import io.mindmesh.registry.selection.Selection;
import java.util.List;

/**
 * {@code selected} is empty when nothing qualifies (the orchestrator answers 404
 * NO_AGENTS_AVAILABLE); {@code rejected} says why every other agent of the catalog was not chosen.
 */
public record SelectionResponse(List<SelectedAgent> selected, List<RejectedAgent> rejected) {

    /** An {@code Agent} plus its confidence. */
    public record SelectedAgent(@JsonUnwrapped AgentResponse agent, double confidence) {
    }

    public record RejectedAgent(String id, String name, double confidence, String reason) {
    }

    public static SelectionResponse of(Selection selection) {
        return new SelectionResponse(
                selection.selected().stream()
                        .map(choice -> new SelectedAgent(AgentResponse.of(choice.agent()), choice.confidence()))
                        .toList(),
                selection.rejected().stream()
                        .map(rejection -> new RejectedAgent(rejection.agent().id(), rejection.agent().name(),
                                rejection.confidence(), rejection.reason()))
                        .toList());
    }
}
