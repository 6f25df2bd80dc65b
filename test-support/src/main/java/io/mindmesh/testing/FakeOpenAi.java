package io.mindmesh.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local OpenAI-compatible Chat Completions server ({@code POST /v1/chat/completions}) on a free
 * port, for tests of the {@code llm} runtime. It answers deterministically: the answer is
 * {@link #answer} (by default {@code "Echo: "} + the last user message), each word and the space
 * after it one token; {@code prompt_tokens} is the number of words of all messages. It honours
 * {@code max_tokens} / {@code max_completion_tokens} (cutting the answer with
 * {@code finish_reason: "length"}), {@code stream: true} (one SSE chunk per token, then a usage chunk
 * when {@code stream_options.include_usage}, then {@code [DONE]}) and the bearer key when one is set.
 * Faults are scripted per call, in order ({@link #thenRateLimited}, {@link #thenServerError},
 * {@link #thenContentFilter}, {@link #thenContextTooLong}, {@link #thenSlow}, {@link #thenOverLong},
 * {@link #thenStreamPaused}: a streamed answer held after some tokens until the test releases it, so a
 * test can act while a stream is under way without depending on timing; {@link #thenStreamCut});
 * every request is recorded.
 */
public final class FakeOpenAi implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A request the server received. */
    public record Request(JsonNode body, String authorization, Instant receivedAt) {
    }

    private sealed interface Fault permits RateLimited, ServerError, ContentFilter, ContextTooLong, Slow, OverLong, Paused, Cut {
    }

    private record RateLimited(int retryAfterSeconds) implements Fault {
    }

    private record ServerError() implements Fault {
    }

    private record ContentFilter() implements Fault {
    }

    private record ContextTooLong() implements Fault {
    }

    private record Slow(long delayMs) implements Fault {
    }

    private record OverLong(int extraTokens) implements Fault {
    }

    private record Paused(Pause pause) implements Fault {
    }

    private record Cut(int afterTokens) implements Fault {
    }

    /**
     * A streamed answer that stops before each of some token positions until {@link #release()}:
     * each stop is reported once to {@link #awaitReached} and ended by one {@code release()}.
     */
    public static final class Pause {

        /** How long a paused stream waits for its release before going on anyway. */
        private static final Duration LIMIT = Duration.ofSeconds(60);

        private final List<Integer> positions;
        private final Semaphore reached = new Semaphore(0);
        private final Semaphore released = new Semaphore(0);

        private Pause(List<Integer> positions) {
            this.positions = positions;
        }

        /** Waits until the stream stopped at its next position; false after {@code timeout}. */
        public boolean awaitReached(Duration timeout) throws InterruptedException {
            return reached.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        /** Lets the stream go on from its current (or next) stop. */
        public void release() {
            released.release();
        }

        private void holdAt(int position) {
            if (!positions.contains(position)) {
                return;
            }
            reached.release();
            try {
                released.tryAcquire(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private final HttpServer server;
    private final String apiKey;
    private final Queue<Fault> faults = new ConcurrentLinkedQueue<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private volatile String answer;

    private FakeOpenAi(String apiKey) throws IOException {
        this.apiKey = apiKey;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/chat/completions", this::handle);
        server.start();
    }

    /** Starts a server that requires {@code Authorization: Bearer apiKey} (none when null). */
    public static FakeOpenAi start(String apiKey) {
        try {
            return new FakeOpenAi(apiKey);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a client configures as the base URL: {@code http://127.0.0.1:port/v1}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** Every later answer is this text (null: back to the echo). */
    public FakeOpenAi answer(String text) {
        this.answer = text;
        return this;
    }

    /** The next unscripted call is answered 429 with {@code Retry-After: seconds}. */
    public FakeOpenAi thenRateLimited(int retryAfterSeconds) {
        faults.add(new RateLimited(retryAfterSeconds));
        return this;
    }

    /** The next unscripted call is answered 500. */
    public FakeOpenAi thenServerError() {
        faults.add(new ServerError());
        return this;
    }

    /** The next unscripted call is answered with an empty completion stopped by the content filter. */
    public FakeOpenAi thenContentFilter() {
        faults.add(new ContentFilter());
        return this;
    }

    /** The next unscripted call is refused 400 {@code context_length_exceeded}. */
    public FakeOpenAi thenContextTooLong() {
        faults.add(new ContextTooLong());
        return this;
    }

    /** The next unscripted call is answered after {@code delayMs} (headers included). */
    public FakeOpenAi thenSlow(long delayMs) {
        faults.add(new Slow(delayMs));
        return this;
    }

    /** The next unscripted call ignores its token limit: {@code extraTokens} more tokens than allowed, reported as used. */
    public FakeOpenAi thenOverLong(int extraTokens) {
        faults.add(new OverLong(extraTokens));
        return this;
    }

    /**
     * The next unscripted call, when streamed, stops after each of {@code afterTokens} tokens (0: after
     * the response headers, before any token) until {@link Pause#release()}.
     */
    public Pause thenStreamPaused(Integer... afterTokens) {
        Pause pause = new Pause(List.of(afterTokens));
        faults.add(new Paused(pause));
        return pause;
    }

    /** The next unscripted call, when streamed, ends after {@code afterTokens} tokens: no final chunk, no usage, no {@code [DONE]}. */
    public FakeOpenAi thenStreamCut(int afterTokens) {
        faults.add(new Cut(afterTokens));
        return this;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The answer's tokens for {@code userMessage}, as this server would stream them. */
    public List<String> tokens(String userMessage) {
        return tokenize(answer != null ? answer : "Echo: " + userMessage);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode body = JSON.readTree(exchange.getRequestBody());
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            requests.add(new Request(body, authorization, Instant.now()));
            if (apiKey != null && !("Bearer " + apiKey).equals(authorization)) {
                error(exchange, 401, "invalid_api_key", "Incorrect API key provided");
                return;
            }
            Fault fault = faults.poll();
            switch (fault) {
                case RateLimited r -> {
                    exchange.getResponseHeaders().add("Retry-After", Integer.toString(r.retryAfterSeconds()));
                    error(exchange, 429, "rate_limit_exceeded", "Rate limit reached");
                    return;
                }
                case ServerError s -> {
                    error(exchange, 500, "server_error", "The server had an error");
                    return;
                }
                case ContextTooLong c -> {
                    error(exchange, 400, "context_length_exceeded", "This model's maximum context length is exceeded");
                    return;
                }
                case Slow slow -> sleep(slow.delayMs());
                case null, default -> {
                }
            }
            String user = lastUserMessage(body);
            List<String> tokens = fault instanceof ContentFilter ? List.of() : tokens(user);
            long limit = limit(body);
            String finish = fault instanceof ContentFilter ? "content_filter" : "stop";
            if (fault instanceof OverLong overLong) {
                long target = Math.min(limit, tokens.size()) + overLong.extraTokens();
                List<String> longer = new ArrayList<>(tokens.subList(0, (int) Math.min(limit, tokens.size())));
                for (int i = 0; longer.size() < target; i++) {
                    longer.add("more" + i + " ");
                }
                tokens = longer;
                finish = "length";
            } else if (tokens.size() > limit) {
                tokens = tokens.subList(0, (int) limit);
                finish = "length";
            }
            long promptTokens = promptTokens(body);
            if (body.path("stream").asBoolean(false)) {
                if (fault instanceof Cut cut) {
                    tokens = tokens.subList(0, Math.min(cut.afterTokens(), tokens.size()));
                    finish = null;
                }
                stream(exchange, body, tokens, finish, promptTokens, fault instanceof Paused p ? p.pause() : null);
            } else {
                complete(exchange, body, tokens, finish, promptTokens);
            }
        }
    }

    private void complete(HttpExchange exchange, JsonNode body, List<String> tokens, String finish, long promptTokens)
            throws IOException {
        ObjectNode completion = envelope(body, "chat.completion");
        ObjectNode choice = completion.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", String.join("", tokens));
        message.putNull("refusal");
        choice.put("finish_reason", finish);
        completion.set("usage", usage(promptTokens, tokens.size()));
        send(exchange, 200, "application/json", completion.toString());
    }

    private void stream(HttpExchange exchange, JsonNode body, List<String> tokens, String finish, long promptTokens,
            Pause pause) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        out.flush();
        for (int i = 0; i < tokens.size(); i++) {
            if (pause != null) {
                pause.holdAt(i);
            }
            String token = tokens.get(i);
            ObjectNode chunk = envelope(body, "chat.completion.chunk");
            ObjectNode choice = chunk.putArray("choices").addObject();
            choice.put("index", 0);
            choice.putObject("delta").put("content", token);
            choice.putNull("finish_reason");
            event(out, chunk.toString());
        }
        if (finish == null) {
            return;
        }
        ObjectNode last = envelope(body, "chat.completion.chunk");
        ObjectNode choice = last.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("delta");
        choice.put("finish_reason", finish);
        event(out, last.toString());
        if (body.path("stream_options").path("include_usage").asBoolean(false)) {
            ObjectNode usage = envelope(body, "chat.completion.chunk");
            usage.putArray("choices");
            usage.set("usage", usage(promptTokens, tokens.size()));
            event(out, usage.toString());
        }
        event(out, "[DONE]");
    }

    private static void event(OutputStream out, String data) throws IOException {
        out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private ObjectNode envelope(JsonNode body, String object) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", "chatcmpl-fake" + ids.incrementAndGet());
        node.put("object", object);
        node.put("created", Instant.now().getEpochSecond());
        node.put("model", body.path("model").asText());
        return node;
    }

    private static ObjectNode usage(long promptTokens, long completionTokens) {
        ObjectNode usage = JSON.createObjectNode();
        usage.put("prompt_tokens", promptTokens);
        usage.put("completion_tokens", completionTokens);
        usage.put("total_tokens", promptTokens + completionTokens);
        return usage;
    }

    private static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode error = body.putObject("error");
        error.put("message", message);
        error.put("type", status == 429 ? "requests" : "invalid_request_error");
        error.putNull("param");
        error.put("code", code);
        send(exchange, status, "application/json", body.toString());
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static long limit(JsonNode body) {
        JsonNode limit = body.has("max_completion_tokens") ? body.get("max_completion_tokens") : body.get("max_tokens");
        return limit != null && limit.isNumber() ? limit.asLong() : Long.MAX_VALUE;
    }

    private static String lastUserMessage(JsonNode body) {
        String user = "";
        for (JsonNode message : body.path("messages")) {
            if ("user".equals(message.path("role").asText())) {
                user = message.path("content").asText();
            }
        }
        return user;
    }

    /** The {@code prompt_tokens} this server reports for a request: the words of all its messages. */
    public static long promptTokens(JsonNode body) {
        long words = 0;
        ArrayNode messages = body.path("messages").isArray() ? (ArrayNode) body.get("messages") : JSON.createArrayNode();
        for (JsonNode message : messages) {
            words += tokenize(message.path("content").asText()).size();
        }
        return words;
    }

    /** Each word with the whitespace after it is one token, so the tokens concatenated are the text. */
    private static List<String> tokenize(String text) {
        List<String> tokens = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (Character.isWhitespace(text.charAt(i)) && (i + 1 == text.length() || !Character.isWhitespace(text.charAt(i + 1)))) {
                tokens.add(text.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (start < text.length()) {
            tokens.add(text.substring(start));
        }
        return tokens;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
