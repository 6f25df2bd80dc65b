package io.mindmesh.common.logging;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.mindmesh.common.request.RequestId;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import org.jboss.logmanager.ExtFormatter;
import org.jboss.logmanager.ExtLogRecord;

/**
 * One log record as one line of JSON: timestamp, level, logger, thread, message, requestId (when
 * the line was written while serving a request), the other MDC entries, and the stack trace.
 * What log collectors (Loki, Elasticsearch, Cloud Logging) index without a parsing rule.
 */
final class JsonLineFormatter extends ExtFormatter {

    private static final JsonFactory JSON = new JsonFactory();

    @Override
    public String format(ExtLogRecord record) {
        StringWriter line = new StringWriter(256);
        try (JsonGenerator json = JSON.createGenerator(line)) {
            json.writeStartObject();
            json.writeStringField("timestamp", record.getInstant().toString());
            json.writeStringField("level", record.getLevel().getName());
            json.writeStringField("logger", record.getLoggerName());
            json.writeStringField("thread", record.getThreadName());
            json.writeStringField("message", formatMessage(record));
            Map<String, String> mdc = record.getMdcCopy();
            String requestId = mdc.get(RequestId.MDC_KEY);
            if (requestId != null && !requestId.isEmpty()) {
                json.writeStringField("requestId", requestId);
            }
            for (Map.Entry<String, String> entry : mdc.entrySet()) {
                if (!RequestId.MDC_KEY.equals(entry.getKey())) {
                    json.writeStringField(entry.getKey(), entry.getValue());
                }
            }
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                json.writeStringField("exception", trace.toString());
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return line.append('\n').toString();
    }
}
