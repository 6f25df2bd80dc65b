package io.mindmesh.registry.selection;

import io.mindmesh.registry.agent.Agent;
import java.util.Comparator;
import java.util.List;

/**
 * The outcome of a selection: the chosen agents, and every other agent of the catalog with the
 * reason it was not chosen. Both lists are ordered by confidence, highest first, ties by id.
 */
public record Selection(List<Choice> selected, List<Rejection> rejected) {

    public record Choice(Agent agent, double confidence) {
    }

    public record Rejection(Agent agent, double confidence, String reason) {
    }

    static final Comparator<Choice> BY_CONFIDENCE = Comparator.comparingDouble(Choice::confidence).reversed()
            .thenComparing(choice -> choice.agent().id());

    static final Comparator<Rejection> REJECTIONS_BY_CONFIDENCE = Comparator
            .comparingDouble(Rejection::confidence).reversed()
            .thenComparing(rejection -> rejection.agent().id());
}
