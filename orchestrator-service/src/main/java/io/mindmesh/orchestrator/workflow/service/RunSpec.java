package io.mindmesh.orchestrator.workflow.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.mindmesh.orchestrator.execution.NewExecution;
import io.mindmesh.orchestrator.registry.ResolvedWorkflow;

/**
 * What to run and how the caller collects the outcome.
 *
 * @param kind               {@code workflow} or {@code app}
 * @param appId              the app, for app runs; null otherwise
 * @param task               what the agents are asked (each step also gets its own instructions)
 * @param variables          the caller's values for the launch variables (an object, or null)
 * @param variablesField     how errors name {@code variables} (e.g. {@code metadata})
 * @param context            what the agents receive as context (an object, or null)
 * @param continues          the conversation (or earlier run) this run continues, or null
 * @param webhook            lifecycle-event subscription, or null
 * @param callback           where the result body goes when the run ends (signed with its secret), or null
 * @param progressUrl        where progress posts go, or null
 * @param pollable           whether the caller collects the result with a poll token
 * @param includeBillingCost whether the result body shows the cost
 */
public record RunSpec(String kind, ResolvedWorkflow resolved, String appId, String task, JsonNode variables,
        String variablesField, JsonNode context, String continues, NewExecution.Webhook webhook,
        Callback callback, String progressUrl, boolean pollable, boolean includeBillingCost) {

    public record Callback(String url, String secret) {
    }
}
