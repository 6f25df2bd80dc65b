package io.mindmesh.orchestrator.execution.service;

import com.fasterxml.jackson.core.type.TypeReference;
import io.mindmesh.orchestrator.execution.Execution;
import io.mindmesh.orchestrator.execution.ExecutionStep;
import io.mindmesh.orchestrator.execution.RunSnapshot;
import io.mindmesh.orchestrator.execution.repository.StepRepository;
import io.mindmesh.orchestrator.json.JsonCodec;
import io.mindmesh.orchestrator.registry.SelectedAgent;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Reads an execution and its steps as a worker sees them, in the caller's transaction. */
@ApplicationScoped
public class RunSnapshots {

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    private final StepRepository steps;
    private final JsonCodec json;

    public RunSnapshots(StepRepository steps, JsonCodec json) {
        this.steps = steps;
        this.json = json;
    }

    RunSnapshot of(Execution e) {
        return of(e, steps.forExecution(e.id));
    }

    /** With the execution's steps read already, in plan order. */
    RunSnapshot of(Execution e, List<ExecutionStep> executionSteps) {
        List<RunSnapshot.Step> stepSnapshots = executionSteps.stream()
                .map(s -> new RunSnapshot.Step(s.stepId, s.position, json.read(s.agent, SelectedAgent.class),
                        json.read(s.dependsOn, STRINGS), s.status, s.attempts, json.tree(s.output),
                        s.outputConfidence, s.cost, s.instructions))
                .toList();
        return new RunSnapshot(e.id, e.requestId, e.traceparent, e.sandbox(), e.status, e.mode, e.aggregationStrategy, e.query,
                e.context == null ? null : json.tree(e.context), e.tier, e.holdPlaced,
                e.result != null || e.error != null, e.result != null, e.error, e.createdAt, stepSnapshots,
                e.estimatedCost);
    }
}
