package io.mindmesh.orchestrator.apprun.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mindmesh.orchestrator.execution.ExecutionStatus;
import io.mindmesh.orchestrator.json.JsonCodec;
import io.mindmesh.orchestrator.workflow.WorkflowRun;
import io.mindmesh.orchestrator.workflow.service.RunOutcome;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The MindStudio-compatible result of an app run, as a synchronous caller receives it and as its
 * callback is posted: {@code {success, threadId, thread, result, billingCost?}} (README: "App runs").
 */
@ApplicationScoped
public class AppRunBodies {

    private final ObjectMapper mapper;
    private final JsonCodec json;

    public AppRunBodies(ObjectMapper mapper, JsonCodec json) {
        this.mapper = mapper;
        this.json = json;
    }

    /** {@code billingCost} is written only when the caller asked for it when starting the run. */
    public ObjectNode result(RunOutcome outcome) {
        WorkflowRun run = outcome.run();
        ObjectNode body = mapper.createObjectNode();
        body.put("success", outcome.status() == ExecutionStatus.COMPLETED);
        body.put("threadId", run.threadId.toString());
        body.set("thread", thread(outcome));
        body.set("result", resultVariables(outcome));
        if (outcome.error() != null) {
            body.put("error", outcome.error());
        }
        if (run.includeBillingCost) {
            body.put("billingCost", billingCost(outcome.cost()));
        }
        return body;
    }

    /** The output variables by name; a text output is given as text, any other as JSON. */
    public ObjectNode resultVariables(RunOutcome outcome) {
        ObjectNode result = mapper.createObjectNode();
        outcome.result().forEach(result::set);
        return result;
    }

    /** The cost in dollars with a leading {@code $}: {@code $0.0113}. */
    public static String billingCost(BigDecimal cost) {
        BigDecimal amount = cost == null ? BigDecimal.ZERO : cost;
        return "$" + amount.stripTrailingZeros().toPlainString();
    }

    private ObjectNode thread(RunOutcome outcome) {
        WorkflowRun run = outcome.run();
        ObjectNode thread = mapper.createObjectNode();
        thread.put("id", run.threadId.toString());
        thread.put("appId", run.appId);
        // Accounts are the organizations; API keys belong to accounts, not to users.
        thread.put("organizationId", run.accountId);
        thread.put("userId", run.accountId);
        thread.put("entryWorkflowId", run.workflowId);
        thread.putNull("sourceThreadId");
        thread.put("source", "api");
        thread.putNull("parentThreadId");
        thread.put("name", run.workflowName);
        thread.set("variables", json.tree(run.variables));
        // A run of the catalog never stops for user input, so nothing is waiting to continue.
        thread.putNull("currentContinuationAction");
        thread.put("isRunning", !outcome.finished());
        ArrayNode posts = posts(outcome);
        thread.put("hasContent", !posts.isEmpty());
        thread.put("isFinished", outcome.finished());
        thread.put("isUnread", true);
        thread.put("notifyOnComplete", run.callbackUrl != null);
        thread.put("dateCreated", instant(run.createdAt));
        Instant last = outcome.completedAt() != null ? outcome.completedAt() : run.createdAt;
        thread.put("dateLastMessage", instant(last));
        if (outcome.error() != null) {
            thread.put("error", outcome.error());
        } else {
            thread.putNull("error");
        }
        thread.set("posts", posts);
        thread.putArray("assets");
        return thread;
    }

    /** One post per step that ran: what its agent answered, or why it failed. */
    private ArrayNode posts(RunOutcome outcome) {
        ArrayNode posts = mapper.createArrayNode();
        for (RunOutcome.Step step : outcome.steps()) {
            if (step.completedAt() == null) {
                continue;
            }
            ObjectNode post = posts.addObject();
            post.put("id", step.stepId());
            post.put("type", step.error() == null ? "system" : "error");
            post.put("workflowStepId", step.workflowStepId());
            post.put("agentId", step.agentId());
            post.put("agentName", step.agentName());
            post.put("status", step.status());
            JsonNode output = step.output();
            if (output != null) {
                post.set("content", output);
            } else {
                post.put("content", step.error());
            }
            post.put("dateCreated", instant(step.completedAt()));
        }
        return posts;
    }

    private static String instant(Instant at) {
        return at.truncatedTo(ChronoUnit.MILLIS).toString();
    }
}
