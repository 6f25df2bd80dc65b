package io.mindmesh.wallet.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mindmesh.common.request.RequestId;
import io.mindmesh.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.handlers.ConsoleHandler;
import org.jboss.logging.MDC;
import org.junit.jupiter.api.Test;

/**
 * With LOG_FORMAT=json (what the Helm chart sets) the console writes one JSON object per line,
 * and a line logged while a request is served carries that request's id (quotes escaped).
 */
@QuarkusTest
@TestProfile(JsonLogsTest.JsonFormat.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "wallet"))
class JsonLogsTest {

    public static class JsonFormat implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("LOG_FORMAT", "json");
        }
    }

    @Test
    void aLineLoggedDuringARequestIsJsonWithTheRequestId() throws Exception {
        Formatter console = consoleFormatter(LogContext.getLogContext().getLogger("").getHandlers());
        assertNotNull(console, "no console handler");
        String line;
        MDC.put(RequestId.MDC_KEY, "req_0123456789abcdef01234567");
        try {
            ExtLogRecord record = new ExtLogRecord(org.jboss.logmanager.Level.WARN, "Ledger write refused by \"%s\"",
                    ExtLogRecord.FormatStyle.PRINTF, JsonLogsTest.class.getName());
            record.setParameters(new Object[] {"uq_entry"});
            record.setLoggerName("io.mindmesh.wallet.ledger");
            record.copyMdc();
            line = console.format(record);
        } finally {
            MDC.remove(RequestId.MDC_KEY);
        }
        JsonNode json = new ObjectMapper().readTree(line);
        assertEquals("Ledger write refused by \"uq_entry\"", json.path("message").asText(), line);
        assertEquals("io.mindmesh.wallet.ledger", json.path("logger").asText(), line);
        assertEquals("WARN", json.path("level").asText(), line);
        assertEquals("req_0123456789abcdef01234567", json.path("requestId").asText(), line);
    }

    /** Quarkus wraps the console handler in its own handlers. */
    private static Formatter consoleFormatter(Handler[] handlers) {
        for (Handler handler : handlers) {
            if (handler instanceof ConsoleHandler) {
                return handler.getFormatter();
            }
            if (handler instanceof ExtHandler nested) {
                Formatter found = consoleFormatter(nested.getHandlers());
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
