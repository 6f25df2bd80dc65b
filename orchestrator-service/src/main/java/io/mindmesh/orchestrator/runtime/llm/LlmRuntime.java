package io.mindmesh.orchestrator.runtime.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.RequestOptions;
import com.openai.core.http.StreamResponse;
import com.openai.errors.OpenAIInvalidDataException;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIServiceException;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.ResponseFormatJsonSchema;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import io.mindmesh.orchestrator.llmprovider.LlmProvider;
import io.mindmesh.orchestrator.llmprovider.service.LlmProviders;
import io.mindmesh.orchestrator.pricing.Pricing;
import io.mindmesh.orchestrator.registry.LlmSpec;
import io.mindmesh.orchestrator.registry.SelectedAgent;
import io.mindmesh.orchestrator.runtime.AgentCall;
import io.mindmesh.orchestrator.runtime.AgentFailure;
import io.mindmesh.orchestrator.runtime.AgentResult;
import io.mindmesh.orchestrator.runtime.AgentResult.TokenUsage;
import io.mindmesh.orchestrator.runtime.AgentRuntime;
import io.mindmesh.orchestrator.runtime.StepDeltas;
import java.io.InterruptedIOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs an {@code llm} agent: one Chat Completions call to its provider's OpenAI-compatible
 * endpoint through OpenAI's client, with the agent's prompts filled from the step
 * ({@link PromptTemplates}). The step is priced by the tokens the endpoint reports
 * ({@link Pricing#stepCost}); {@code max_tokens} is what the step's quote still pays for once the
 * prompt is counted ({@link Pricing#affordableOutputTokens}), so a step cannot be asked to cost
 * more than its share of the hold.
 * <p>
 * Failures: 429, 5xx, timeouts and connection errors are retried by the client
 * ({@code maxRetries}, honouring Retry-After), then reported as retryable (the engine's own attempts
 * and the breaker per provider and model follow). A content-filter or context-length refusal, an
 * unknown provider, a provider address the policy refuses, a prompt the budget cannot pay for and a
 * malformed answer fail the step at once with a message saying which.
 * <p>
 * An agent with {@code stream: true} is asked for a streamed answer (with
 * {@code stream_options.include_usage}, so the usage, and therefore the price, is what the endpoint
 * counted): its text goes to {@link StepDeltas} as it arrives, and the chunks are put back together
 * into the same completion a plain call answers, priced and checked the same way.
 */
public class LlmRuntime implements AgentRuntime {

    /** A rough count for planning only: the endpoint's reported usage is what is charged. */
    private static final int CHARS_PER_TOKEN = 4;

    private final LlmProviders providers;
    private final ObjectMapper mapper;
    private final StepDeltas deltas;
    /** One client per provider, for the version of its settings it was built for. */
    private final Map<String, VersionedClient> clients = new ConcurrentHashMap<>();

    private record VersionedClient(long version, OpenAIClient client) {
    }

    public LlmRuntime(LlmProviders providers, ObjectMapper mapper, StepDeltas deltas) {
        this.providers = providers;
        this.mapper = mapper;
        this.deltas = deltas;
    }

    @Override
    public AgentResult invoke(AgentCall call) throws AgentFailure, InterruptedException {
        SelectedAgent agent = call.agent();
        LlmSpec llm = agent.runtime().llm();
        LlmProvider provider = providers.find(llm.provider()).orElse(null);
        if (provider == null) {
            throw new AgentFailure("LLM_PROVIDER_UNKNOWN: agent " + agent.name() + " names provider " + llm.provider()
                    + ", which is neither configured nor managed through the admin API (or was deleted)", false);
        }
        checkAddress(provider);
        String system = PromptTemplates.render(llm.systemPrompt(), call);
        String user = PromptTemplates.render(llm.userPrompt(), call);
        long promptTokens = estimateTokens(system) + estimateTokens(user);
        long maxTokens = Pricing.affordableOutputTokens(agent, promptTokens);
        if (maxTokens < 1) {
            throw new AgentFailure("LLM_BUDGET_EXCEEDED: the prompt of agent " + agent.name() + " (about " + promptTokens
                    + " tokens) leaves nothing of its quote of $" + Pricing.agentEstimate(agent.pricing()).toPlainString()
                    + " for an answer", false);
        }
        ChatCompletion completion = complete(call, provider, params(llm, system, user, maxTokens));
        return result(agent, completion, promptTokens);
    }

    private ChatCompletionCreateParams params(LlmSpec llm, String system, String user, long maxTokens) {
        ChatCompletionCreateParams.Builder params = ChatCompletionCreateParams.builder().model(llm.model());
        if (!system.isBlank()) {
            params.addSystemMessage(system);
        }
        params.addUserMessage(user).maxTokens(maxTokens);
        if (llm.temperature() != null) {
            params.temperature(llm.temperature().doubleValue());
        }
        if (llm.responseSchema() != null) {
            Map<String, JsonValue> schema = new LinkedHashMap<>();
            llm.responseSchema().properties().forEach(member -> schema.put(member.getKey(),
                    JsonValue.fromJsonNode(member.getValue())));
            params.responseFormat(ResponseFormatJsonSchema.builder()
                    .jsonSchema(ResponseFormatJsonSchema.JsonSchema.builder().name("output")
                            .schema(ResponseFormatJsonSchema.JsonSchema.Schema.builder()
                                    .putAllAdditionalProperties(schema).build())
                            .build())
                    .build());
        }
        return params.build();
    }

    private ChatCompletion complete(AgentCall call, LlmProvider provider, ChatCompletionCreateParams params)
            throws AgentFailure, InterruptedException {
        String name = call.agent().runtime().llm().provider();
        Duration timeout = timeout(call.agent(), provider);
        RequestOptions options = RequestOptions.builder().timeout(timeout).build();
        try {
            return Boolean.TRUE.equals(call.agent().runtime().llm().stream())
                    ? streamed(call, client(name, provider), params, options)
                    : client(name, provider).chat().completions().create(params, options);
        } catch (OpenAIServiceException e) {
            throw refused(call.agent(), name, e);
        } catch (OpenAIIoException e) {
            if (Thread.interrupted()) {
                throw new InterruptedException("LLM call interrupted");
            }
            if (causedBy(e, InterruptedIOException.class)) {
                throw new AgentFailure("Provider " + name + " did not answer agent " + call.agent().name() + " within "
                        + timeout.toMillis() + " ms", true);
            }
            throw new AgentFailure("Provider " + name + " could not be reached for agent " + call.agent().name(), true);
        } catch (OpenAIInvalidDataException e) {
            throw new AgentFailure("Provider " + name + " answered agent " + call.agent().name()
                    + " with a malformed completion", false);
        }
    }

    /** The answer as chunks: their text goes to the step's deltas as it comes, then they make one completion. */
    private ChatCompletion streamed(AgentCall call, OpenAIClient client, ChatCompletionCreateParams params,
            RequestOptions options) throws AgentFailure, InterruptedException {
        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        StepDeltas.Writer writer = deltas.open(call);
        ChatCompletionCreateParams streaming = params.toBuilder()
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();
        try (StreamResponse<ChatCompletionChunk> chunks = client.chat().completions().createStreaming(streaming,
                options)) {
            for (Iterator<ChatCompletionChunk> it = chunks.stream().iterator(); it.hasNext(); ) {
                ChatCompletionChunk chunk = accumulator.accumulate(it.next());
                // The first choice is the answer (no n is asked for).
                chunk.choices().stream().filter(choice -> choice.index() == 0)
                        .forEach(choice -> choice.delta().content().ifPresent(writer::append));
            }
        } catch (IllegalStateException e) {
            // The accumulator refuses chunks after the final ones.
            throw new AgentFailure("Provider " + call.agent().runtime().llm().provider() + " answered agent "
                    + call.agent().name() + " with a malformed stream", false);
        }
        writer.finish();
        try {
            return accumulator.chatCompletion();
        } catch (IllegalStateException e) {
            // The accumulator's word for a stream that ended before its final chunk: a dropped connection.
            throw new AgentFailure("Provider " + call.agent().runtime().llm().provider() + " ended the stream of agent "
                    + call.agent().name() + " before the answer was complete", true);
        }
    }

    /** What an error answer means for the step; the provider's own message is not repeated (it may echo the prompt). */
    private static AgentFailure refused(SelectedAgent agent, String provider, OpenAIServiceException e) {
        int status = e.statusCode();
        String code = e.code().orElse("");
        if (status == 429) {
            return new AgentFailure("LLM_RATE_LIMITED: provider " + provider + " kept answering HTTP 429 for agent "
                    + agent.name(), true);
        }
        if (status >= 500) {
            return new AgentFailure("Provider " + provider + " answered HTTP " + status + " for agent " + agent.name(), true);
        }
        if ("content_filter".equals(code) || "content_policy_violation".equals(code)) {
            return contentFiltered(agent, provider);
        }
        if ("context_length_exceeded".equals(code)) {
            return new AgentFailure("LLM_CONTEXT_TOO_LONG: the prompt of agent " + agent.name()
                    + " is longer than model " + agent.runtime().llm().model() + " accepts", false);
        }
        return new AgentFailure("Provider " + provider + " refused the call of agent " + agent.name() + " with HTTP "
                + status + (code.isEmpty() ? "" : " (" + code + ")"), false);
    }

    private static AgentFailure contentFiltered(SelectedAgent agent, String provider) {
        return new AgentFailure("LLM_CONTENT_FILTERED: provider " + provider + " refused to answer agent "
                + agent.name() + ": its content filter stopped the prompt or the answer", false);
    }

    private AgentResult result(SelectedAgent agent, ChatCompletion completion, long promptTokens) throws AgentFailure {
        String provider = agent.runtime().llm().provider();
        if (completion.choices().isEmpty()) {
            throw new AgentFailure("Provider " + provider + " answered agent " + agent.name() + " without a choice", false);
        }
        ChatCompletion.Choice choice = completion.choices().getFirst();
        String finish = choice.finishReason().asString();
        if ("content_filter".equals(finish) || choice.message().refusal().isPresent()) {
            throw contentFiltered(agent, provider);
        }
        String text = choice.message().content().orElse("");
        JsonNode output = agent.runtime().llm().responseSchema() == null ? TextNode.valueOf(text)
                : json(agent, text, "length".equals(finish));
        TokenUsage tokens = completion.usage()
                .map(usage -> new TokenUsage(usage.promptTokens(), usage.completionTokens()))
                // An endpoint that reports no usage is priced by the same count that planned the call.
                .orElse(new TokenUsage(promptTokens, estimateTokens(text)));
        if (tokens.inputTokens() < 0 || tokens.outputTokens() < 0) {
            throw new AgentFailure("Provider " + provider + " reported negative usage", false);
        }
        return new AgentResult(output, agent.confidence(), BigDecimal.valueOf(tokens.total()), tokens);
    }

    private JsonNode json(SelectedAgent agent, String text, boolean cutOff) throws AgentFailure {
        try {
            JsonNode node = mapper.readTree(text);
            if (node != null && node.isObject()) {
                return node;
            }
        } catch (JsonProcessingException e) {
            // reported below
        }
        throw new AgentFailure("Agent " + agent.name() + " answered no JSON object of its response schema"
                + (cutOff ? ": the answer was cut off at its token limit" : ""), false);
    }

    private void checkAddress(LlmProvider provider) throws AgentFailure {
        String name = provider.name();
        String host;
        try {
            host = URI.create(provider.baseUrl()).getHost();
        } catch (IllegalArgumentException e) {
            host = null;
        }
        if (host == null) {
            throw new AgentFailure("LLM_PROVIDER_REFUSED: provider " + name + " has no usable base URL", false);
        }
        InetAddress[] resolved;
        try {
            resolved = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new AgentFailure("Provider " + name + " could not be reached: its host does not resolve", true);
        }
        for (InetAddress address : resolved) {
            Optional<String> refusal = provider.addresses().refusal(host, address);
            if (refusal.isPresent()) {
                throw new AgentFailure("LLM_PROVIDER_REFUSED: provider " + name + " is at a " + refusal.get()
                        + " address, which neither orchestrator.llm.allowed-hosts nor its allowedHost allows", false);
            }
        }
    }

    /** A client for the provider's current settings: one built for an older version is replaced (calls in flight finish on it). */
    private OpenAIClient client(String name, LlmProvider provider) {
        return clients.compute(name, (n, cached) -> cached != null && cached.version() == provider.version() ? cached
                : new VersionedClient(provider.version(), OpenAIOkHttpClient.builder()
                        .baseUrl(provider.baseUrl())
                        // Local servers (vLLM, Ollama) take no key, but the client insists on one.
                        .apiKey(provider.apiKey().orElse("none"))
                        .timeout(provider.timeout())
                        .maxRetries(provider.maxRetries())
                        .build())).client();
    }

    private static Duration timeout(SelectedAgent agent, LlmProvider provider) {
        Long millis = agent.runtime().timeoutMs();
        return millis != null && millis > 0 ? Duration.ofMillis(millis) : provider.timeout();
    }

    static long estimateTokens(String text) {
        return (text.length() + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }
}
