package io.mindmesh.registry.workflow;

import io.mindmesh.common.error.ApiException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks that a workflow's steps form a directed acyclic graph: unique step ids, dependencies on
 * steps of the same workflow only, none on itself or listed twice, and no cycle. Pure: the same
 * steps always give the same verdict and message.
 */
public final class StepGraph {

    private StepGraph() {
    }

    /** @throws ApiException 400 INVALID_REQUEST naming the offending field */
    public static void check(List<WorkflowDefinition.Step> steps) {
        Map<String, List<String>> dependencies = new LinkedHashMap<>();
        for (int i = 0; i < steps.size(); i++) {
            if (dependencies.putIfAbsent(steps.get(i).id(), steps.get(i).dependsOn()) != null) {
                throw ApiException.invalid("steps[" + i + "].id",
                        "Step id " + steps.get(i).id() + " is used by more than one step");
            }
        }
        for (int i = 0; i < steps.size(); i++) {
            checkDependencies(i, steps.get(i), dependencies.keySet());
        }
        List<String> cycle = findCycle(dependencies);
        if (!cycle.isEmpty()) {
            throw ApiException.invalid("steps", "Steps must not depend on each other in a cycle: "
                    + String.join(" -> ", cycle) + " (each step depends on the next)");
        }
    }

    private static void checkDependencies(int index, WorkflowDefinition.Step step, Set<String> stepIds) {
        String field = "steps[" + index + "].dependsOn";
        Set<String> seen = new HashSet<>();
        for (String dependency : step.dependsOn()) {
            if (dependency.equals(step.id())) {
                throw ApiException.invalid(field, "Step " + step.id() + " cannot depend on itself");
            }
            if (!stepIds.contains(dependency)) {
                throw ApiException.invalid(field, "Step " + step.id() + " depends on unknown step " + dependency);
            }
            if (!seen.add(dependency)) {
                throw ApiException.invalid(field, "Step " + step.id() + " lists step " + dependency + " more than once");
            }
        }
    }

    /**
     * The first cycle met by a depth-first search from each step in declaration order, as the
     * path {@code a, b, ..., a}; empty when the graph is acyclic.
     */
    private static List<String> findCycle(Map<String, List<String>> dependencies) {
        Map<String, Boolean> finished = new HashMap<>();
        for (String start : dependencies.keySet()) {
            List<String> cycle = visit(start, dependencies, finished, new ArrayList<>());
            if (!cycle.isEmpty()) {
                return cycle;
            }
        }
        return List.of();
    }

    /** {@code finished} holds false while a step is on the current path, true once fully explored. */
    private static List<String> visit(String step, Map<String, List<String>> dependencies,
            Map<String, Boolean> finished, List<String> path) {
        Boolean state = finished.get(step);
        if (Boolean.TRUE.equals(state)) {
            return List.of();
        }
        if (Boolean.FALSE.equals(state)) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(step), path.size()));
            cycle.add(step);
            return cycle;
        }
        finished.put(step, false);
        path.add(step);
        for (String dependency : dependencies.get(step)) {
            List<String> cycle = visit(dependency, dependencies, finished, path);
            if (!cycle.isEmpty()) {
                return cycle;
            }
        }
        path.remove(path.size() - 1);
        finished.put(step, true);
        return List.of();
    }
}
