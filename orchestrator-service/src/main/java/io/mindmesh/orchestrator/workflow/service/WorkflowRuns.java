package io.mindmesh.orchestrator.workflow.service;

import io.mindmesh.common.error.ApiException;
import io.mindmesh.common.error.ErrorCode;
import io.mindmesh.common.request.Caller;
import io.mindmesh.common.request.RequestId;
import io.mindmesh.orchestrator.execution.AggregationStrategy;
import io.mindmesh.orchestrator.execution.ExecutionMode;
import io.mindmesh.orchestrator.execution.ExecutionStep;
import io.mindmesh.orchestrator.execution.Ids;
import io.mindmesh.orchestrator.execution.NewExecution;
import io.mindmesh.orchestrator.execution.repository.StepRepository;
import io.mindmesh.orchestrator.execution.service.ExecutionAdmission;
import io.mindmesh.orchestrator.json.JsonCodec;
import io.mindmesh.orchestrator.orchestration.service.SubmissionService;
import io.mindmesh.orchestrator.planning.DependencyCycleException;
import io.mindmesh.orchestrator.planning.DependencyGraph;
import io.mindmesh.orchestrator.planning.Plan;
import io.mindmesh.orchestrator.pricing.TierRules;
import io.mindmesh.orchestrator.pricing.Tiers;
import io.mindmesh.orchestrator.registry.CatalogAgent;
import io.mindmesh.orchestrator.registry.CatalogWorkflow;
import io.mindmesh.orchestrator.registry.SelectedAgent;
import io.mindmesh.orchestrator.wallet.client.WalletClient;
import io.mindmesh.orchestrator.workflow.LaunchVariables;
import io.mindmesh.orchestrator.workflow.WorkflowRun;
import io.mindmesh.orchestrator.workflow.WorkflowRunStep;
import io.mindmesh.orchestrator.workflow.repository.WorkflowRunRepository;
import io.mindmesh.orchestrator.workflow.repository.WorkflowRunStepRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Starts runs of catalog workflows, for both APIs: the workflow's steps become the execution's
 * steps (one per step, in the workflow's order, waiting for the steps they depend on), each with
 * its instructions after launch-variable substitution. Money works as for {@code /v1/orchestrate}:
 * the estimate is held for live callers, sandbox runs hold nothing and are never charged.
 */
@ApplicationScoped
public class WorkflowRuns {

    /** How long a poll token stays valid after the run started. */
    static final Duration POLL_TOKEN_LIFETIME = Duration.ofHours(24);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SubmissionService submissions;
    private final ExecutionAdmission admission;
    private final StepRepository steps;
    private final WorkflowRunRepository runs;
    private final WorkflowRunStepRepository runSteps;
    private final WalletClient wallet;
    private final Tiers tiers;
    private final JsonCodec json;

    public WorkflowRuns(SubmissionService submissions, ExecutionAdmission admission, StepRepository steps,
            WorkflowRunRepository runs, WorkflowRunStepRepository runSteps, WalletClient wallet, Tiers tiers,
            JsonCodec json) {
        this.submissions = submissions;
        this.admission = admission;
        this.steps = steps;
        this.runs = runs;
        this.runSteps = runSteps;
        this.wallet = wallet;
        this.tiers = tiers;
        this.json = json;
    }

    public StartedRun start(Caller caller, RunSpec spec) {
        CatalogWorkflow workflow = spec.resolved().workflow();
        List<SelectedAgent> agents = agents(workflow, spec.resolved().agents());
        LaunchVariables variables = LaunchVariables.resolve(workflow.launchVariables(), spec.variables(),
                spec.variablesField());
        String conversation = spec.continues() == null ? null : conversationOf(caller, spec.continues());
        TierRules tier = tiers.of(caller.tier());
        admission.checkQueueRoom(caller.accountId(), tier);
        Plan plan = plan(workflow, agents, tier);
        String executionId = Ids.execution();
        boolean hold = !caller.sandbox();
        if (hold) {
            wallet.placeHold(executionId, caller.accountId(), plan.estimatedCost());
        }
        List<String> instructions = workflow.steps().stream().map(s -> variables.substitute(s.instructions())).toList();
        // max_agents records a selection's limit (at most 10); a workflow's steps are not selected.
        NewExecution execution = new NewExecution(executionId, caller, tier, RequestId.current(), spec.task(),
                spec.context(), List.of(), List.of(), Math.min(agents.size(), 10), BigDecimal.ZERO,
                AggregationStrategy.MERGE, spec.webhook(), plan, List.of(), hold, instructions,
                spec.progressUrl() != null);
        Instant now = Instant.now();
        String pollToken = spec.pollable() ? newPollToken() : null;
        WorkflowRun run = run(caller, spec, executionId, conversation, now, pollToken);
        submissions.accept(execution, created -> create(created, run, workflow));
        return new StartedRun(executionId, run.threadId, workflow.slug(), workflow.name(), conversation, now,
                pollToken);
    }

    /** The execution, its run and the run's steps, in one transaction. */
    @Transactional
    void create(NewExecution execution, WorkflowRun run, CatalogWorkflow workflow) {
        admission.create(execution);
        List<ExecutionStep> stored = steps.forExecution(execution.id());
        Map<String, String> stepIds = new HashMap<>();
        for (int i = 0; i < workflow.steps().size(); i++) {
            stepIds.put(workflow.steps().get(i).id(), stored.get(i).stepId);
        }
        List<Map<String, String>> outputs = new ArrayList<>();
        for (CatalogWorkflow.OutputVariable output : workflow.outputVariables()) {
            Map<String, String> entry = new LinkedHashMap<>();
            entry.put("name", output.name());
            entry.put("stepId", stepIds.get(output.stepId()));
            outputs.add(entry);
        }
        run.outputVariables = json.write(outputs);
        runs.persist(run);
        // The run's steps reference the run: it is written first.
        runs.flush();
        stepIds.forEach((workflowStepId, stepId) -> {
            WorkflowRunStep step = new WorkflowRunStep();
            step.stepId = stepId;
            step.executionId = execution.id();
            step.workflowStepId = workflowStepId;
            runSteps.persist(step);
        });
    }

    private WorkflowRun run(Caller caller, RunSpec spec, String executionId, String conversation, Instant now,
            String pollToken) {
        CatalogWorkflow workflow = spec.resolved().workflow();
        WorkflowRun run = new WorkflowRun();
        run.executionId = executionId;
        run.accountId = caller.accountId();
        run.environment = caller.environment();
        run.kind = spec.kind();
        run.workflowId = workflow.id();
        run.workflowSlug = workflow.slug();
        run.workflowName = workflow.name();
        run.appId = spec.appId();
        run.threadId = UUID.randomUUID();
        run.conversationId = conversation;
        run.variables = json.write(spec.variables() == null || spec.variables().isNull()
                ? json.tree("{}") : spec.variables());
        if (spec.callback() != null) {
            run.callbackUrl = spec.callback().url();
        }
        run.progressUrl = spec.progressUrl();
        if (pollToken != null) {
            run.pollTokenHash = hash(pollToken);
            run.pollExpiresAt = now.plus(POLL_TOKEN_LIFETIME);
        }
        run.includeBillingCost = spec.includeBillingCost();
        run.createdAt = now;
        return run;
    }

    /**
     * The agents of the steps, in step order. A deprecated agent refuses the whole run: the operator
     * must move the workflow to a current agent rather than have some runs silently use the old one.
     */
    private static List<SelectedAgent> agents(CatalogWorkflow workflow, List<CatalogAgent> catalog) {
        Map<String, CatalogAgent> byId = new HashMap<>();
        catalog.forEach(agent -> byId.put(agent.id(), agent));
        List<SelectedAgent> agents = new ArrayList<>();
        for (CatalogWorkflow.Step step : workflow.steps()) {
            CatalogAgent agent = byId.get(step.agentId());
            if (agent == null || agent.deprecated()) {
                Map<String, Object> extra = new LinkedHashMap<>();
                extra.put("stepId", step.id());
                extra.put("agentId", step.agentId());
                throw new ApiException(409, ErrorCode.CONFLICT, "Workflow " + workflow.slug() + " cannot run: step '"
                        + step.id() + "' uses agent " + step.agentId() + ", which is "
                        + (agent == null ? "no longer in the catalog" : "deprecated")
                        + "; the workflow must be updated to a current agent", extra);
            }
            agents.add(agent.asStep());
        }
        return agents;
    }

    private static Plan plan(CatalogWorkflow workflow, List<SelectedAgent> agents, TierRules tier) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < workflow.steps().size(); i++) {
            index.put(workflow.steps().get(i).id(), i);
        }
        List<Set<Integer>> dependencies = new ArrayList<>();
        for (CatalogWorkflow.Step step : workflow.steps()) {
            Set<Integer> deps = new LinkedHashSet<>();
            for (String dep : step.dependsOn()) {
                Integer at = index.get(dep);
                if (at == null) {
                    throw invalidWorkflow(workflow, "step '" + step.id() + "' depends on unknown step '" + dep + "'");
                }
                deps.add(at);
            }
            dependencies.add(deps);
        }
        try {
            DependencyGraph graph = DependencyGraph.explicit(dependencies,
                    workflow.steps().stream().map(CatalogWorkflow.Step::id).toList());
            return Plan.of(ExecutionMode.DAG, agents, graph, tier);
        } catch (DependencyCycleException e) {
            throw invalidWorkflow(workflow, e.getMessage());
        }
    }

    /** The registry validates workflows when they are published, so this is a catalog fault: 409, never a 500. */
    private static ApiException invalidWorkflow(CatalogWorkflow workflow, String why) {
        return new ApiException(409, ErrorCode.CONFLICT, "Workflow " + workflow.slug() + " cannot run: " + why);
    }

    /**
     * A run continues a conversation when the caller names an earlier run (its execution id) or
     * that run's conversation, of the same account and environment; the conversation's id is the
     * execution id of its first run.
     */
    @Transactional
    String conversationOf(Caller caller, String continues) {
        WorkflowRun earlier = runs.owned(continues, caller.accountId(), caller.environment())
                .orElseThrow(() -> ApiException.invalid("metadata.conversation_id", "metadata.conversation_id "
                        + continues + " is not a run or a conversation of this account and environment"));
        return earlier.conversationId != null ? earlier.conversationId : earlier.executionId;
    }

    private static String newPollToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Tokens are stored as SHA-256 only: a database read does not give anyone a usable token. */
    public static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
