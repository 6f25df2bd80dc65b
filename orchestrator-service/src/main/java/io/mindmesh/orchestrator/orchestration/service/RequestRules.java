package io.mindmesh.orchestrator.orchestration.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.mindmesh.common.error.ApiException;
import io.mindmesh.common.events.EventType;
import io.mindmesh.orchestrator.execution.AggregationStrategy;
import io.mindmesh.orchestrator.execution.ExecutionMode;
import io.mindmesh.orchestrator.execution.NewExecution;
import io.mindmesh.orchestrator.orchestration.rest.OrchestrateRequest;
import io.mindmesh.orchestrator.orchestration.rest.SelectionCriteria;
import io.mindmesh.orchestrator.orchestration.rest.WebhookRequest;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Set;

/**
 * The rules of the orchestrate request (docs/public-api.md#orchestrate-request) that Bean
 * Validation cannot state on the record itself, and its defaults. Each violation is a 400
 * {@code INVALID_REQUEST} naming its field.
 */
public final class RequestRules {

    public static final int MAX_CONTEXT_DEPTH = 10;
    public static final int DEFAULT_MAX_AGENTS = 5;
    public static final BigDecimal DEFAULT_MIN_CONFIDENCE = new BigDecimal("0.7");
    public static final List<String> WEBHOOK_EVENTS = List.of(EventType.EXECUTION_STARTED.publicName(),
            EventType.EXECUTION_COMPLETED.publicName(), EventType.EXECUTION_FAILED.publicName(),
            EventType.AGENT_STARTED.publicName(), EventType.AGENT_COMPLETED.publicName());
    private static final int MAX_NAME_LENGTH = 100;

    private RequestRules() {
    }

    /** The request with every default applied. */
    public record Validated(String query, JsonNode context, List<String> verticals, List<String> requiredCapabilities,
            int maxAgents, BigDecimal minConfidence, ExecutionMode mode, AggregationStrategy aggregationStrategy,
            NewExecution.Webhook webhook) {
    }

    public static Validated validate(OrchestrateRequest request) {
        if (request == null) {
            throw ApiException.invalid("query", OrchestrateRequest.QUERY_MESSAGE);
        }
        SelectionCriteria criteria = request.selectionCriteria();
        return new Validated(
                request.query(),
                context(request.context()),
                names("selectionCriteria.verticals", criteria == null ? null : criteria.verticals()),
                names("selectionCriteria.requiredCapabilities", criteria == null ? null : criteria.requiredCapabilities()),
                criteria == null || criteria.maxAgents() == null ? DEFAULT_MAX_AGENTS : criteria.maxAgents(),
                criteria == null || criteria.minConfidence() == null ? DEFAULT_MIN_CONFIDENCE : criteria.minConfidence(),
                request.mode() == null ? ExecutionMode.PARALLEL : ExecutionMode.parse(request.mode()).orElseThrow(),
                request.aggregationStrategy() == null ? AggregationStrategy.MERGE
                        : AggregationStrategy.parse(request.aggregationStrategy()).orElseThrow(),
                webhook(request.webhook()));
    }

    static JsonNode context(JsonNode context) {
        if (context == null || context.isNull()) {
            return null;
        }
        if (!context.isObject()) {
            throw ApiException.invalid("context", "context must be a JSON object");
        }
        if (!ContextDepth.within(context, MAX_CONTEXT_DEPTH)) {
            throw ApiException.invalid("context", "context must be at most " + MAX_CONTEXT_DEPTH + " levels deep");
        }
        return context;
    }

    private static List<String> names(String field, List<String> names) {
        if (names == null) {
            return List.of();
        }
        for (String name : names) {
            if (name == null || name.isBlank() || name.length() > MAX_NAME_LENGTH) {
                throw ApiException.invalid(field, field + " must contain only non-empty names of at most "
                        + MAX_NAME_LENGTH + " characters");
            }
        }
        return names.stream().distinct().toList();
    }

    public static NewExecution.Webhook webhook(WebhookRequest webhook) {
        if (webhook == null) {
            return null;
        }
        try {
            URI uri = new URI(webhook.url());
            if (uri.getHost() == null) {
                throw ApiException.invalid("webhook.url", "webhook.url must be an http or https URL");
            }
        } catch (URISyntaxException e) {
            throw ApiException.invalid("webhook.url", "webhook.url must be an http or https URL");
        }
        List<String> events = webhook.events() == null ? WEBHOOK_EVENTS : webhook.events();
        if (events.isEmpty() || !Set.copyOf(WEBHOOK_EVENTS).containsAll(events.stream().map(String::valueOf).toList())) {
            throw ApiException.invalid("webhook.events", "webhook.events must list one or more of "
                    + String.join(", ", WEBHOOK_EVENTS));
        }
        return new NewExecution.Webhook(webhook.url(), events.stream().distinct().toList(), webhook.secret());
    }
}
