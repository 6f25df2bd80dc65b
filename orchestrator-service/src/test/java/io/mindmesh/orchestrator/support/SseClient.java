package io.mindmesh.orchestrator.support;

import io.mindmesh.common.request.Caller;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A minimal server-sent events client: reads events (and comment lines) from a real connection. */
public final class SseClient implements AutoCloseable {

    /** One event as received; {@code data} joined over its data lines. */
    public record Event(String id, String event, String data) {
    }

    private final HttpResponse<InputStream> response;
    private final BufferedReader reader;
    private final List<String> comments = new ArrayList<>();
    private final List<String> otherLines = new ArrayList<>();

    private SseClient(HttpResponse<InputStream> response) {
        this.response = response;
        this.reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
    }

    /** Connects as {@code caller}; {@code lastEventId} is sent as the Last-Event-ID header when not null. */
    public static SseClient connect(int port, String path, Caller caller, String lastEventId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60))
                .header("Accept", "text/event-stream")
                .header(Caller.ACCOUNT_HEADER, caller.accountId())
                .header(Caller.TIER_HEADER, caller.tier())
                .header(Caller.ENVIRONMENT_HEADER, caller.environment());
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        // HTTP/1.1 as EventSource speaks it over cleartext: the JDK client's default is to ask for an
        // h2c upgrade on the first request, which is not what a browser or the gateway does.
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        return new SseClient(http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
    }

    public int status() {
        return response.statusCode();
    }

    public String contentType() {
        return response.headers().firstValue("Content-Type").orElse("");
    }

    /** The next event, or null when the server ended the stream. */
    public Event next() throws IOException {
        String id = null;
        String event = null;
        StringBuilder data = null;
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isEmpty()) {
                if (data != null) {
                    return new Event(id, event, data.toString());
                }
            } else if (line.startsWith(":")) {
                comments.add(line.substring(1).trim());
            } else if (line.startsWith("id:")) {
                id = line.substring(3).trim();
            } else if (line.startsWith("event:")) {
                event = line.substring(6).trim();
            } else if (line.startsWith("data:")) {
                data = (data == null ? new StringBuilder() : data.append('\n')).append(line.substring(5).trim());
            } else {
                otherLines.add(line);
            }
        }
        return null;
    }

    /** Reads until the server ends the stream. */
    public List<Event> rest() throws IOException {
        List<Event> events = new ArrayList<>();
        for (Event e = next(); e != null; e = next()) {
            events.add(e);
        }
        return events;
    }

    public List<String> comments() {
        return List.copyOf(comments);
    }

    /** Lines that are none of the fields the platform sends (id, event, data, comments). */
    public List<String> otherLines() {
        return List.copyOf(otherLines);
    }

    /** Drops the connection, as a client going away does. */
    @Override
    public void close() throws IOException {
        reader.close();
    }
}
