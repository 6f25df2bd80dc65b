package io.mindmesh.system;

import static io.mindmesh.system.Api.account;
import static io.mindmesh.system.Api.as;
import static io.mindmesh.system.Api.awaitExecution;
import static io.mindmesh.system.Api.key;
import static io.mindmesh.system.Api.topUp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mindmesh.system.OtlpReceiver.ReceivedSpan;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Orchestration example 1 (PARALLEL, marketing) with a live key is one trace across the five
 * services and the Kafka hop, as the platform's OTLP exporter sends it to a collector: the
 * gateway's request, its call to the orchestrator, the orchestrator's calls to the registry and
 * the wallet, the run and its steps (continued from the stored traceparent by the replica that
 * claimed it), the outbox's Kafka records and analytics' consumption of each. The request id the
 * client got back finds the trace.
 */
class TracingIT {

    private static final Set<String> SERVICES = Set.of("gateway-service", "orchestrator-service",
            "agent-registry-service", "wallet-service", "analytics-service");

    @Test
    void exampleOneIsOneTraceCoveringTheFiveServicesAndTheKafkaHop() {
        String accountId = account("developer");
        topUp(accountId, "100.00");
        String liveKey = key(accountId, "live");

        var accepted = as(liveKey).body(SeedExamples.MARKETING_CAMPAIGN).post("/v1/orchestrate")
                .then().statusCode(202).extract();
        String requestId = accepted.header("X-Request-ID");
        String executionId = accepted.path("executionId");
        awaitExecution(liveKey, executionId, e -> "COMPLETED".equals(e.getString("status")));

        OtlpReceiver receiver = Platform.shared().traces();
        ReceivedSpan request = Await.until(() -> receiver.spans().stream()
                        .filter(s -> "gateway-service".equals(s.service()) && "SERVER".equals(s.kind())
                                && requestId.equals(s.attributes().get("mindmesh.request_id")))
                        .findFirst().orElse(null), s -> s != null, Duration.ofSeconds(30),
                "the gateway's server span carrying the request id " + requestId);
        String traceId = request.traceId();

        // Every event of the execution crosses Kafka: wait until analytics consumed them all.
        List<ReceivedSpan> trace = Await.until(() -> inTrace(receiver, traceId), spans ->
                        published(spans).size() >= 2 && published(spans).stream().allMatch(p -> consumed(spans).stream()
                                .anyMatch(c -> c.parentSpanId().equals(p.spanId())))
                                && services(spans).containsAll(SERVICES) && run(spans, executionId)
                                && walletCalls(spans) >= 2,
                Duration.ofSeconds(60), "the spans of all five services, of the hold and the capture, and of every"
                        + " Kafka record in trace " + traceId);

        assertEquals(SERVICES, services(trace), "one trace covers the five services");
        assertTrue(request.parentSpanId().isEmpty(), "the gateway's span starts the trace");
        Map<String, ReceivedSpan> byId = trace.stream().collect(Collectors.toMap(ReceivedSpan::spanId, s -> s));
        for (ReceivedSpan consumer : consumed(trace)) {
            ReceivedSpan producer = byId.get(consumer.parentSpanId());
            assertTrue(producer != null && "PRODUCER".equals(producer.kind())
                            && "orchestrator-service".equals(producer.service()),
                    "analytics' span of each record is the child of the orchestrator's producer span: " + consumer);
            assertEquals(requestId, consumer.attributes().get("mindmesh.request_id"));
        }
        assertTrue(walletCalls(trace) >= 2, "the hold and the capture are both in the trace");
        assertTrue(run(trace, executionId), "the run continues the submitting request's trace");
        for (ReceivedSpan span : trace) {
            assertTrue(span.parentSpanId().isEmpty() || byId.containsKey(span.parentSpanId()),
                    "no span of the trace is orphaned: " + span);
        }
    }

    private static List<ReceivedSpan> inTrace(OtlpReceiver receiver, String traceId) {
        return receiver.spans().stream().filter(s -> traceId.equals(s.traceId())).toList();
    }

    private static boolean run(List<ReceivedSpan> spans, String executionId) {
        return spans.stream().anyMatch(s -> "orchestrator-service".equals(s.service()) && "execution run".equals(s.name())
                && executionId.equals(s.attributes().get("mindmesh.execution_id")));
    }

    /** Each service exports its spans on its own schedule: the capture's may arrive after the Kafka records'. */
    private static long walletCalls(List<ReceivedSpan> spans) {
        return spans.stream().filter(kind("SERVER", "wallet-service")).count();
    }

    private static Set<String> services(List<ReceivedSpan> spans) {
        return spans.stream().map(ReceivedSpan::service).collect(Collectors.toSet());
    }

    private static List<ReceivedSpan> published(List<ReceivedSpan> spans) {
        return spans.stream().filter(kind("PRODUCER", "orchestrator-service")).toList();
    }

    private static List<ReceivedSpan> consumed(List<ReceivedSpan> spans) {
        return spans.stream().filter(kind("CONSUMER", "analytics-service")).toList();
    }

    private static Predicate<ReceivedSpan> kind(String kind, String service) {
        return s -> kind.equals(s.kind()) && service.equals(s.service());
    }
}
