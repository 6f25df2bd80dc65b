package io.mindmesh.common.input;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.mindmesh.common.error.ApiException;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.Context;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses, with a 400 naming the field, the input that every service would otherwise carry to
 * PostgreSQL or into arithmetic and fail on there (docs/public-api.md#bad-input): a NUL character
 * in a query or path parameter, in a JSON string or field name, and a JSON number too large for a
 * double ({@code 1e400}), which Jackson reads as infinity. Runs after authentication, so a caller
 * without a valid key still learns only that.
 */
public class InputGuards {

    /** After authentication (1000) and authorization (2000) filters. */
    private static final int PRIORITY = 2500;
    /** After the request id filter (100), before any service's own pre-matching filters. */
    private static final int CONTENT_TYPE_PRIORITY = 150;
    private static final JsonFactory JSON = new JsonFactory();
    private static final char NUL = '\0';

    /**
     * Before matching, which reads the Content-Type to pick an endpoint: a header that is not a
     * media type, or names a charset this JVM cannot decode, would fail there as a server error.
     * Just after the request id is set, so the 400 names the request.
     */
    @ServerRequestFilter(preMatching = true, priority = CONTENT_TYPE_PRIORITY)
    public void contentType(ContainerRequestContext request) {
        checkContentType(request.getHeaderString(HttpHeaders.CONTENT_TYPE));
    }

    /** The Content-Type check for requests handled outside JAX-RS (the gateway's forward); null is fine. */
    public static void checkContentType(String header) {
        if (header == null) {
            return;
        }
        MediaType type;
        try {
            type = MediaType.valueOf(header);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(HttpHeaders.CONTENT_TYPE, "Content-Type is not a media type");
        }
        String charset = type.getParameters().get(MediaType.CHARSET_PARAMETER);
        if (charset != null && !supported(charset)) {
            throw ApiException.invalid(HttpHeaders.CONTENT_TYPE, "Content-Type names an unknown charset");
        }
    }

    /**
     * The query-parameter check for requests handled outside JAX-RS (the gateway's forward), on
     * the query string as sent (still encoded); decoded only when it may hold a NUL.
     */
    public static void checkQuery(String rawQuery) {
        if (rawQuery == null || (rawQuery.indexOf(NUL) < 0 && !rawQuery.toLowerCase(Locale.ROOT).contains("%00"))) {
            return;
        }
        refuseNul(new QueryStringDecoder(rawQuery, false).parameters(), "query parameter");
    }

    private static boolean supported(String charset) {
        try {
            return Charset.isSupported(charset);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @ServerRequestFilter(priority = PRIORITY)
    public void parameters(ContainerRequestContext request) {
        refuseNul(request.getUriInfo().getPathParameters(true), "path parameter");
        refuseNul(request.getUriInfo().getQueryParameters(true), "query parameter");
    }

    /**
     * Checks the body within the HTTP body limit, read whole and handed on unchanged. A non-blocking
     * endpoint that takes a body has it in memory already ({@code readBody}); a blocking one runs
     * this filter on its worker thread, where reading is allowed. On the event loop a body that is
     * not in memory belongs to an endpoint that never reads it (reading would block), so it is left
     * alone. A body that is not valid JSON is left to the endpoint, which names the problem.
     */
    @ServerRequestFilter(priority = PRIORITY + 1, readBody = true)
    public void jsonBody(ContainerRequestContext request) {
        MediaType type = request.getMediaType();
        if (type == null || !isJson(type)) {
            return;
        }
        InputStream entity = request.getEntityStream();
        if (!(entity instanceof ByteArrayInputStream) && Context.isOnEventLoopThread()) {
            return;
        }
        if ("0".equals(request.getHeaderString(HttpHeaders.CONTENT_LENGTH))) {
            return;
        }
        byte[] body;
        try {
            body = entity.readAllBytes();
        } catch (IOException unreadable) {
            // A request without a body whose stream is already closed (a POST the endpoint reads
            // nothing of): there is nothing to check, and the endpoint reports its own reading failure.
            return;
        }
        request.setEntityStream(new ByteArrayInputStream(body));
        check(body);
    }

    /** Throws the 400 for the first NUL or non-finite number in a JSON document; ignores malformed JSON. */
    static void check(byte[] body) {
        try (JsonParser parser = JSON.createParser(body)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if ((token == JsonToken.FIELD_NAME || token == JsonToken.VALUE_STRING)
                        && parser.getText().indexOf(NUL) >= 0) {
                    String field = field(parser);
                    throw ApiException.invalid(field, field + " must not contain the NUL character (\\u0000)");
                }
                if (token == JsonToken.VALUE_NUMBER_FLOAT && !Double.isFinite(parser.getDoubleValue())) {
                    String field = field(parser);
                    throw ApiException.invalid(field, field + " is a number out of range");
                }
            }
        } catch (IOException malformed) {
            // The endpoint's own reading reports where the JSON is broken.
        }
    }

    /** {@code /payload/tags/0} becomes {@code payload.tags[0]}, as the other 400s name fields. */
    private static String field(JsonParser parser) {
        String pointer = parser.getParsingContext().pathAsPointer().toString();
        if (pointer.isEmpty()) {
            return "body";
        }
        StringBuilder field = new StringBuilder();
        for (String segment : pointer.substring(1).split("/", -1)) {
            String name = segment.replace("~1", "/").replace("~0", "~");
            if (!name.isEmpty() && name.chars().allMatch(Character::isDigit) && !field.isEmpty()) {
                field.append('[').append(name).append(']');
            } else {
                field.append(field.isEmpty() ? "" : ".").append(name);
            }
        }
        return field.toString().replace(String.valueOf(NUL), "\\u0000");
    }

    private static void refuseNul(Map<String, List<String>> parameters, String kind) {
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            boolean nul = parameter.getKey().indexOf(NUL) >= 0
                    || parameter.getValue().stream().anyMatch(value -> value != null && value.indexOf(NUL) >= 0);
            if (nul) {
                String name = parameter.getKey().replace(String.valueOf(NUL), "\\u0000");
                throw ApiException.invalid(name, "The " + kind + " " + name
                        + " must not contain the NUL character (%00)");
            }
        }
    }

    private static boolean isJson(MediaType type) {
        return "json".equalsIgnoreCase(type.getSubtype()) || type.getSubtype().toLowerCase().endsWith("+json");
    }
}
