package io.mindmesh.orchestrator.apprun.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.mindmesh.common.error.ApiException;
import io.mindmesh.common.request.Caller;
import io.mindmesh.orchestrator.execution.NewExecution;
import io.mindmesh.orchestrator.registry.CatalogApp;
import io.mindmesh.orchestrator.registry.ResolvedWorkflow;
import io.mindmesh.orchestrator.registry.client.RegistryClient;
import io.mindmesh.orchestrator.webhook.RefusedTargetException;
import io.mindmesh.orchestrator.webhook.service.WebhookTargets;
import io.mindmesh.orchestrator.workflow.WorkflowRun;
import io.mindmesh.orchestrator.workflow.service.RunSpec;
import io.mindmesh.orchestrator.workflow.service.StartedRun;
import io.mindmesh.orchestrator.workflow.service.WorkflowRuns;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

/** Starts app runs: the app's workflow (named, else its default) run with the caller's variables. */
@ApplicationScoped
public class AppRuns {

    private static final String FLOW_SUFFIX = ".flow";

    private final RegistryClient registry;
    private final WorkflowRuns runs;
    private final WebhookTargets targets;

    public AppRuns(RegistryClient registry, WorkflowRuns runs, WebhookTargets targets) {
        this.registry = registry;
        this.runs = runs;
        this.targets = targets;
    }

    /**
     * What a caller asks for.
     *
     * @param appField how errors name the app id ({@code appId} or {@code workerId})
     */
    public record Start(String appId, String appField, String workflow, JsonNode variables, String callbackUrl,
            String callbackSecret, String progressUrl, boolean includeBillingCost, boolean pollable) {
    }

    public StartedRun start(Caller caller, Start start) {
        if (start.appId() == null || start.appId().isBlank()) {
            throw ApiException.invalid(start.appField(), start.appField() + " is required");
        }
        checkTarget("callbackUrl", start.callbackUrl());
        checkTarget("progressUrl", start.progressUrl());
        String workflow = start.workflow() == null || start.workflow().isBlank() ? defaultWorkflow(start.appId())
                : withoutSuffix(start.workflow());
        ResolvedWorkflow resolved = registry.resolvedAppWorkflow(start.appId(), workflow);
        RunSpec.Callback callback = start.callbackUrl() == null ? null
                : new RunSpec.Callback(start.callbackUrl(), start.callbackSecret());
        // The callback's secret is kept as a webhook subscription's is (encrypted); it subscribes to
        // no lifecycle event: the callback is the run's result, written when the run ends.
        NewExecution.Webhook secretHolder = callback == null ? null
                : new NewExecution.Webhook(callback.url(), List.of(), callback.secret());
        return runs.start(caller, new RunSpec(WorkflowRun.APP, resolved, start.appId(),
                "Run of " + resolved.workflow().name(), start.variables(), "variables", start.variables(), null,
                secretHolder, callback, start.progressUrl(), start.pollable(), start.includeBillingCost()));
    }

    private String defaultWorkflow(String appId) {
        CatalogApp app = registry.app(appId);
        if (app.defaultWorkflow() == null) {
            throw ApiException.invalid("workflow", "App " + appId + " has no default workflow: name one in workflow");
        }
        return app.defaultWorkflow();
    }

    private static String withoutSuffix(String workflow) {
        return workflow.endsWith(FLOW_SUFFIX) ? workflow.substring(0, workflow.length() - FLOW_SUFFIX.length())
                : workflow;
    }

    /** The same rules as webhook URLs: http(s), and an address the webhook policy allows. */
    private void checkTarget(String field, String url) {
        if (url == null) {
            return;
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw ApiException.invalid(field, field + " must be an http or https URL");
        }
        if (!("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                || uri.getHost() == null) {
            throw ApiException.invalid(field, field + " must be an http or https URL");
        }
        try {
            targets.address(uri);
        } catch (RefusedTargetException e) {
            if (!e.unresolved()) {
                throw ApiException.invalid(field, field + " is not allowed: " + e.getMessage());
            }
        }
    }
}
