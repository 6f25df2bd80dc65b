package io.mindmesh.orchestrator.orchestration.service;

import io.mindmesh.common.error.ApiException;
import io.mindmesh.common.error.ErrorCode;
import io.mindmesh.common.money.Money;
import io.mindmesh.common.request.Caller;
import io.mindmesh.common.request.RequestId;
import io.mindmesh.orchestrator.config.OrchestratorConfig;
import io.mindmesh.orchestrator.execution.Execution;
import io.mindmesh.orchestrator.execution.Ids;
import io.mindmesh.orchestrator.execution.NewExecution;
import io.mindmesh.orchestrator.execution.service.ExecutionAdmission;
import io.mindmesh.orchestrator.metrics.OrchestratorMetrics;
import io.mindmesh.orchestrator.orchestration.rest.OrchestrateRequest;
import io.mindmesh.orchestrator.orchestration.rest.OrchestrateResponse;
import io.mindmesh.orchestrator.planning.DependencyCycleException;
import io.mindmesh.orchestrator.planning.Plan;
import io.mindmesh.orchestrator.pricing.TierRules;
import io.mindmesh.orchestrator.pricing.Tiers;
import io.mindmesh.orchestrator.registry.SelectedAgent;
import io.mindmesh.orchestrator.registry.Selection;
import io.mindmesh.orchestrator.registry.SelectionRequest;
import io.mindmesh.orchestrator.registry.client.RegistryClient;
import io.mindmesh.orchestrator.wallet.client.WalletClient;
import io.mindmesh.orchestrator.webhook.service.WebhookTargets;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.jboss.logging.Logger;

/**
 * Accepts an orchestration: validate, select agents through the registry, plan and price, hold the
 * estimated cost in the wallet (live callers only), store the execution as PENDING with its first
 * event. The scheduler takes it from there.
 *
 * <p>A submission with an idempotency key is idempotent here too, not only at the gateway (whose
 * record is dropped when this service does not answer in time, although the execution may have
 * committed): its execution id is derived from the caller and the key, so a retry answers the
 * execution already stored, and one that overtakes an unfinished first attempt holds money under
 * the same id (the wallet replays the hold) and loses the insert to it.
 */
@ApplicationScoped
public class SubmissionService {

    private static final Logger LOG = Logger.getLogger(SubmissionService.class);

    private final RegistryClient registry;
    private final WalletClient wallet;
    private final ExecutionAdmission admission;
    private final Tiers tiers;
    private final OrchestratorMetrics metrics;
    private final OrchestratorConfig config;
    private final WebhookTargets webhookTargets;

    public SubmissionService(RegistryClient registry, WalletClient wallet, ExecutionAdmission admission, Tiers tiers,
            OrchestratorMetrics metrics, OrchestratorConfig config, WebhookTargets webhookTargets) {
        this.registry = registry;
        this.wallet = wallet;
        this.admission = admission;
        this.tiers = tiers;
        this.metrics = metrics;
        this.config = config;
        this.webhookTargets = webhookTargets;
    }

    public OrchestrateResponse submit(Caller caller, OrchestrateRequest request, String idempotencyKey) {
        String executionId = idempotencyKey == null ? Ids.execution()
                : Ids.execution(caller.accountId(), caller.environment(), idempotencyKey);
        Optional<OrchestrateResponse> earlier = idempotencyKey == null ? Optional.empty() : stored(executionId);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        RequestRules.Validated valid = RequestRules.validate(request);
        if (valid.webhook() != null) {
            webhookTargets.checkSubscription(valid.webhook().url());
        }
        TierRules tier = tiers.of(caller.tier());
        admission.checkQueueRoom(caller.accountId(), tier);
        Selection selection = registry.select(new SelectionRequest(valid.query(), valid.verticals(),
                valid.requiredCapabilities(), valid.maxAgents(), valid.minConfidence()));
        if (selection.selected().isEmpty()) {
            throw noAgentsAvailable(valid, config.supportEmail());
        }
        Plan plan = plan(valid, selection.selected(), tier);
        boolean hold = !caller.sandbox();
        if (hold) {
            wallet.placeHold(executionId, caller.accountId(), plan.estimatedCost());
        }
        NewExecution execution = new NewExecution(executionId, caller, tier, RequestId.current(), valid.query(),
                valid.context(), valid.verticals(), valid.requiredCapabilities(), valid.maxAgents(),
                valid.minConfidence(), valid.aggregationStrategy(), valid.webhook(), plan, selection.rejected(), hold,
                List.of(), false);
        try {
            accept(execution);
        } catch (RuntimeException e) {
            return (idempotencyKey == null ? Optional.<OrchestrateResponse>empty() : stored(executionId))
                    .orElseThrow(() -> e);
        }
        return response(execution);
    }

    /**
     * Stores the execution; when that fails after a hold, the hold is released so no money stays
     * blocked, unless a twin submission (same idempotency key) stored the execution that owns it.
     */
    public void accept(NewExecution execution) {
        accept(execution, admission::create);
    }

    /**
     * Like {@link #accept(NewExecution)}, with {@code creation} storing the execution (it calls
     * {@link ExecutionAdmission#create} in a transaction of its own that may store more beside it).
     */
    public void accept(NewExecution execution, Consumer<NewExecution> creation) {
        try {
            creation.accept(execution);
        } catch (RuntimeException e) {
            if (execution.holdPlaced() && admission.admitted(execution.id()).isEmpty()) {
                releaseAfterFailedAcceptance(execution.id());
            }
            throw e;
        }
        metrics.executionAccepted(execution.plan().mode());
    }

    private void releaseAfterFailedAcceptance(String executionId) {
        try {
            wallet.release(executionId);
        } catch (RuntimeException release) {
            LOG.errorf("Hold %s could not be released after a failed acceptance: %s", executionId, release.toString());
        }
    }

    private static Plan plan(RequestRules.Validated valid, List<SelectedAgent> agents, TierRules tier) {
        try {
            return Plan.of(valid.mode(), agents, tier);
        } catch (DependencyCycleException e) {
            throw ApiException.invalid("mode", e.getMessage() + "; DAG mode needs agents whose inputs and outputs"
                    + " do not form a cycle (use SEQUENTIAL or PARALLEL, or narrow the selection)");
        }
    }

    /**
     * The 404 {@code NO_AGENTS_AVAILABLE} body, with the criteria the caller sent
     * (docs/public-api.md#orchestrate-errors).
     */
    public static ApiException noAgentsAvailable(RequestRules.Validated valid, String supportEmail) {
        Map<String, Object> criteria = new LinkedHashMap<>();
        criteria.put("verticals", valid.verticals());
        criteria.put("requiredCapabilities", valid.requiredCapabilities());
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("criteria", criteria);
        extra.put("suggestion", "Try relaxing your selection criteria or contact " + supportEmail
                + " to add custom agents");
        return new ApiException(404, ErrorCode.NO_AGENTS_AVAILABLE, "No agents found matching your selection criteria",
                extra);
    }

    /** The answer to a retried submission, when its execution is stored: its plan and current status. */
    private Optional<OrchestrateResponse> stored(String executionId) {
        return admission.admitted(executionId).map(this::response);
    }

    /** The stored execution's plan and its current status. */
    private OrchestrateResponse response(ExecutionAdmission.Admitted admitted) {
        Execution e = admitted.execution();
        List<OrchestrateResponse.SelectedAgentView> agents = admitted.steps().stream()
                .map(s -> new OrchestrateResponse.SelectedAgentView(s.agentId, s.agentName, s.vertical,
                        Money.display(s.estimatedCost), s.confidence))
                .toList();
        BigDecimal agentCosts = Money.of(admitted.steps().stream().map(s -> s.estimatedCost)
                .reduce(BigDecimal.ZERO, BigDecimal::add));
        return new OrchestrateResponse(e.id, e.status.name(), Money.display(agentCosts),
                Money.display(e.estimatedCost.subtract(agentCosts)), Money.display(e.estimatedCost),
                e.estimatedDurationMs, agents, e.mode.name(), "Execution started",
                config.publicBaseUrl() + "/v1/executions/" + e.id);
    }

    private OrchestrateResponse response(NewExecution execution) {
        Plan plan = execution.plan();
        List<OrchestrateResponse.SelectedAgentView> agents = new ArrayList<>();
        IntStream.range(0, plan.agents().size()).forEach(i -> {
            SelectedAgent agent = plan.agents().get(i);
            agents.add(new OrchestrateResponse.SelectedAgentView(agent.id(), agent.name(), agent.vertical(),
                    Money.display(plan.agentEstimates().get(i)), agent.confidence()));
        });
        BigDecimal agentCosts = Money.of(plan.agentEstimates().stream().reduce(BigDecimal.ZERO, BigDecimal::add));
        return new OrchestrateResponse(execution.id(), "PENDING", Money.display(agentCosts),
                Money.display(plan.estimatedCost().subtract(agentCosts)), Money.display(plan.estimatedCost()),
                plan.estimatedDurationMs(), agents, plan.mode().name(), "Execution started",
                config.publicBaseUrl() + "/v1/executions/" + execution.id());
    }
}
