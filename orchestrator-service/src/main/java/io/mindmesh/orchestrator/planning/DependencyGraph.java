package io.mindmesh.orchestrator.planning;

import io.mindmesh.orchestrator.execution.ExecutionMode;
import io.mindmesh.orchestrator.registry.SelectedAgent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which agent waits for which, by index in selection order. Every mode is a graph:
 * PARALLEL has no edges, SEQUENTIAL is a chain in selection order, and DAG has an edge
 * {@code a → b} when {@code a} produces something {@code b} consumes.
 */
public final class DependencyGraph {

    private final List<Set<Integer>> dependencies;

    private DependencyGraph(List<Set<Integer>> dependencies) {
        this.dependencies = dependencies;
    }

    /** @throws DependencyCycleException in DAG mode when the agents' inputs and outputs form a cycle */
    public static DependencyGraph of(ExecutionMode mode, List<SelectedAgent> agents) {
        List<Set<Integer>> deps = new ArrayList<>();
        for (int i = 0; i < agents.size(); i++) {
            deps.add(switch (mode) {
                case PARALLEL -> Set.of();
                case SEQUENTIAL -> i == 0 ? Set.of() : Set.of(i - 1);
                case DAG -> producersFor(agents, i);
            });
        }
        DependencyGraph graph = new DependencyGraph(deps);
        graph.findCycle().ifPresent(cycle -> {
            throw new DependencyCycleException(cycle.stream().map(i -> agents.get(i).name()).toList());
        });
        return graph;
    }

    /**
     * A graph given edge by edge, as a workflow declares it: {@code dependencies.get(i)} holds the
     * indexes agent {@code i} waits for. {@code names} name the agents in a cycle's message.
     *
     * @throws DependencyCycleException when the edges form a cycle
     */
    public static DependencyGraph explicit(List<Set<Integer>> dependencies, List<String> names) {
        DependencyGraph graph = new DependencyGraph(dependencies.stream().map(Set::copyOf).toList());
        graph.findCycle().ifPresent(cycle -> {
            throw new DependencyCycleException(cycle.stream().map(names::get).toList());
        });
        return graph;
    }

    private static Set<Integer> producersFor(List<SelectedAgent> agents, int consumer) {
        Set<Integer> producers = new TreeSet<>();
        for (int j = 0; j < agents.size(); j++) {
            if (j != consumer && !Collections.disjoint(agents.get(j).produces(), agents.get(consumer).consumes())) {
                producers.add(j);
            }
        }
        return Collections.unmodifiableSet(producers);
    }

    public int size() {
        return dependencies.size();
    }

    /** Indexes of the agents that must complete before agent {@code index} starts. */
    public Set<Integer> dependenciesOf(int index) {
        return dependencies.get(index);
    }

    /**
     * The longest chain of latencies through the graph: the wall time of a run with unbounded
     * parallelism. It is the maximum for PARALLEL, the sum for SEQUENTIAL, the critical path for DAG.
     */
    public long criticalPathMs(List<Long> latencies) {
        long[] finish = new long[size()];
        long longest = 0;
        for (int i : topologicalOrder()) {
            long start = 0;
            for (int dep : dependencies.get(i)) {
                start = Math.max(start, finish[dep]);
            }
            finish[i] = start + latencies.get(i);
            longest = Math.max(longest, finish[i]);
        }
        return longest;
    }

    /** An order in which every agent comes after its dependencies; ties keep selection order. */
    public List<Integer> topologicalOrder() {
        List<Integer> order = new ArrayList<>();
        boolean[] placed = new boolean[size()];
        while (order.size() < size()) {
            boolean progressed = false;
            for (int i = 0; i < size(); i++) {
                if (!placed[i] && dependencies.get(i).stream().allMatch(d -> placed[d])) {
                    placed[i] = true;
                    order.add(i);
                    progressed = true;
                }
            }
            if (!progressed) {
                throw new IllegalStateException("Graph has a cycle");
            }
        }
        return order;
    }

    /** A cycle as a path of indexes that starts and ends with the same agent, if there is one. */
    Optional<List<Integer>> findCycle() {
        int[] state = new int[size()];
        List<Integer> path = new ArrayList<>();
        for (int i = 0; i < size(); i++) {
            List<Integer> cycle = visit(i, state, path);
            if (cycle != null) {
                return Optional.of(cycle);
            }
        }
        return Optional.empty();
    }

    /** Depth-first search along dependencies; state 1 = on the current path, 2 = fully explored. */
    private List<Integer> visit(int node, int[] state, List<Integer> path) {
        if (state[node] == 2) {
            return null;
        }
        if (state[node] == 1) {
            List<Integer> cycle = new ArrayList<>(path.subList(path.indexOf(node), path.size()));
            cycle.add(node);
            return cycle;
        }
        state[node] = 1;
        path.add(node);
        for (int dep : dependencies.get(node)) {
            List<Integer> cycle = visit(dep, state, path);
            if (cycle != null) {
                return cycle;
            }
        }
        path.removeLast();
        state[node] = 2;
        return null;
    }
}
