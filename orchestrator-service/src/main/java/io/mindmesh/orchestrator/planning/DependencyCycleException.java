package io.mindmesh.orchestrator.planning;

import java.util.List;

/** The selected agents cannot run as a DAG: following their inputs leads back to where it started. */
public class DependencyCycleException extends RuntimeException {

    private final List<String> cycle;

    public DependencyCycleException(List<String> cycle) {
        super("The selected agents depend on each other in a cycle: " + String.join(" -> ", cycle), null, false,
                false);
        this.cycle = List.copyOf(cycle);
    }

    public List<String> cycle() {
        return cycle;
    }
}
