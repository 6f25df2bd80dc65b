package io.mindmesh.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
import java.util.function.Predicate;

/** An execution's server-sent events as a client reads them through the gateway. */
final class EventStream {

    /** One server-sent event as read off the wire. */
    record Event(String id, String name, String data) {
    }

    private EventStream() {
    }

    /**
     * Reads the stream at {@code path} with {@code apiKey} (in {@code x-api-key}), resuming after
     * {@code lastEventId} when it is not null, until the server ends it or an event matches
     * {@code stop} (that event is the last one returned, and the connection is then closed).
     */
    static List<Event> read(String apiKey, String path, String lastEventId, Predicate<Event> stop)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(Platform.shared().gatewayUrl() + path))
                .header("x-api-key", apiKey).header("Accept", "text/event-stream").timeout(Duration.ofSeconds(90));
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<InputStream> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request.GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        List<Event> events = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String id = null;
            String name = null;
            StringBuilder data = null;
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isEmpty()) {
                    if (data != null) {
                        Event event = new Event(id, name, data.toString());
                        events.add(event);
                        if (stop.test(event)) {
                            break;
                        }
                    }
                    id = null;
                    name = null;
                    data = null;
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).trim();
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data = (data == null ? new StringBuilder() : data.append('\n')).append(line.substring(5).trim());
                }
            }
        }
        return events;
    }
}
