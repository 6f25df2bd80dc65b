package io.mindmesh.orchestrator.runtime.llm;

import com.fasterxml.jackson.databind.JsonNode;
import io.mindmesh.orchestrator.json.CanonicalJson;
import io.mindmesh.orchestrator.runtime.AgentCall;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills an llm agent's prompt templates from the step: {@code {{query}}}, {@code {{instructions}}}
 * (a workflow step's, its launch variables already substituted), {@code {{context}}} (the caller's
 * context as JSON), {@code {{upstream->agent-name}}} (that upstream agent's output: text as it is,
 * anything else as JSON) and {@code {{$launchVariables->NAME}}} (the run's launch variable, which
 * is the context's member NAME). One pass: inserted text is never substituted again. A name with
 * no value becomes empty; anything else between braces is left as written.
 */
final class PromptTemplates {

    private static final Pattern PLACEHOLDER = Pattern.compile(
            "\\{\\{\\s*(query|instructions|context|upstream->([A-Za-z0-9_-]+)|\\$launchVariables->([A-Za-z_][A-Za-z0-9_]*))\\s*}}");

    private PromptTemplates() {
    }

    static String render(String template, AgentCall call) {
        if (template == null || template.isEmpty()) {
            return "";
        }
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(value(matcher, call)));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static String value(Matcher matcher, AgentCall call) {
        if (matcher.group(2) != null) {
            return text(call.upstream().get(matcher.group(2)));
        }
        if (matcher.group(3) != null) {
            return call.context() == null ? "" : text(call.context().get(matcher.group(3)));
        }
        return switch (matcher.group(1)) {
            case "query" -> call.query();
            case "instructions" -> call.instructions();
            default -> call.context() == null ? "{}" : CanonicalJson.of(call.context());
        };
    }

    private static String text(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "";
        }
        return value.isValueNode() ? value.asText() : CanonicalJson.of(value);
    }
}
