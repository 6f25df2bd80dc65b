package io.mindmesh.orchestrator.workflow.service;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.mindmesh.orchestrator.execution.Execution;
import io.mindmesh.orchestrator.execution.ExecutionStep;
import io.mindmesh.orchestrator.execution.StepStatus;
import io.mindmesh.orchestrator.execution.repository.ExecutionRepository;
import io.mindmesh.orchestrator.execution.repository.StepRepository;
import io.mindmesh.orchestrator.json.JsonCodec;
import io.mindmesh.orchestrator.workflow.WorkflowRun;
import io.mindmesh.orchestrator.workflow.WorkflowRunStep;
import io.mindmesh.orchestrator.workflow.repository.WorkflowRunRepository;
import io.mindmesh.orchestrator.workflow.repository.WorkflowRunStepRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads runs as their callers collect them. */
@ApplicationScoped
public class RunOutcomes {

    private static final TypeReference<List<Map<String, String>>> OUTPUTS = new TypeReference<>() {
    };

    private final WorkflowRunRepository runs;
    private final WorkflowRunStepRepository runSteps;
    private final ExecutionRepository executions;
    private final StepRepository steps;
    private final JsonCodec json;

    public RunOutcomes(WorkflowRunRepository runs, WorkflowRunStepRepository runSteps, ExecutionRepository executions,
            StepRepository steps, JsonCodec json) {
        this.runs = runs;
        this.runSteps = runSteps;
        this.executions = executions;
        this.steps = steps;
        this.json = json;
    }

    @Transactional
    public Optional<RunOutcome> of(String executionId) {
        WorkflowRun run = runs.findById(executionId);
        return run == null ? Optional.empty() : Optional.of(outcome(run));
    }

    /** The run a poll token opens, while the token is valid. */
    @Transactional
    public Optional<RunOutcome> byPollToken(String token) {
        return runs.byPollTokenHash(WorkflowRuns.hash(token))
                .filter(run -> run.pollExpiresAt.isAfter(Instant.now()))
                .map(this::outcome);
    }

    RunOutcome outcome(WorkflowRun run) {
        Execution e = executions.findById(run.executionId);
        Map<String, String> workflowStepOf = new HashMap<>();
        for (WorkflowRunStep s : runSteps.forExecution(run.executionId)) {
            workflowStepOf.put(s.stepId, s.workflowStepId);
        }
        List<RunOutcome.Step> stepViews = new ArrayList<>();
        Map<String, JsonNode> outputs = new HashMap<>();
        for (ExecutionStep s : steps.forExecution(run.executionId)) {
            JsonNode output = json.tree(s.output);
            if (s.status == StepStatus.COMPLETED) {
                outputs.put(s.stepId, output);
            }
            stepViews.add(new RunOutcome.Step(s.stepId, workflowStepOf.get(s.stepId), s.agentId, s.agentName,
                    s.status.name(), output, s.error, s.completedAt));
        }
        Map<String, JsonNode> result = new LinkedHashMap<>();
        for (Map<String, String> variable : json.read(run.outputVariables, OUTPUTS)) {
            JsonNode value = outputs.get(variable.get("stepId"));
            if (value != null) {
                result.put(variable.get("name"), value);
            }
        }
        return new RunOutcome(run, e.status, result, e.status.terminal() ? e.actualCost : null, e.error,
                e.completedAt, stepViews);
    }
}
