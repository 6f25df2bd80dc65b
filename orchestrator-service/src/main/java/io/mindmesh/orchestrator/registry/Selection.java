package io.mindmesh.orchestrator.registry;

import java.util.List;

/** The registry's answer to a selection: chosen agents (highest confidence first) and rejected candidates. */
public record Selection(List<SelectedAgent> selected, List<RejectedAgent> rejected) {

    public Selection {
        selected = selected == null ? List.of() : List.copyOf(selected);
        rejected = rejected == null ? List.of() : List.copyOf(rejected);
    }
}
