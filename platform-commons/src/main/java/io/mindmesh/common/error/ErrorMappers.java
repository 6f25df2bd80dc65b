package io.mindmesh.common.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one family of exception mappers: every failure leaves a service in the error
 * envelope (docs/public-api.md#error-envelope), and nothing leaks a stack trace.
 */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);
    private static final int DATABASE_RETRY_AFTER_SECONDS = 1;

    @ServerExceptionMapper
    public Response api(ApiException e) {
        return ErrorBody.response(e);
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e) {
        ConstraintViolation<?> first = e.getConstraintViolations().stream()
                .sorted((a, b) -> a.getPropertyPath().toString().compareTo(b.getPropertyPath().toString()))
                .findFirst().orElseThrow();
        String field = fieldName(first.getPropertyPath().toString());
        return ErrorBody.response(400, ErrorCode.INVALID_REQUEST, sentence(field, first.getMessage()),
                Map.of("field", field));
    }

    /**
     * Names the field and says what it must be, in JSON's words: Jackson's own message names Java
     * types and classes, which are nobody's business outside the service.
     */
    @ServerExceptionMapper
    public Response json(JsonProcessingException e) {
        Map<String, Object> extra = new LinkedHashMap<>();
        String field = e instanceof JsonMappingException mapping ? fieldPath(mapping) : "";
        if (!field.isEmpty()) {
            extra.put("field", field);
        }
        extra.put("details", JsonProblem.describe(e, field));
        return ErrorBody.response(400, ErrorCode.INVALID_REQUEST, "Request body is not valid JSON for this endpoint",
                extra);
    }

    /**
     * Well-formed JSON of the wrong shape ({@code "amount": "lots"}, an array for an object).
     * Quarkus REST ships its own, more specific mapper for this exception that answers a bare 400,
     * so it is mapped here explicitly.
     */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        return json(e);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (e.getCause() instanceof JsonProcessingException json) {
            return json(json);
        }
        return ErrorBody.response(status, codeFor(status), messageFor(status, e), Map.of());
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        return ErrorBody.response(unexpectedFailure(e));
    }

    /**
     * What a failure no mapper knows is answered as; also for the answers written outside JAX-RS
     * (the gateway's Vert.x routes), so that both say the same.
     */
    public static ApiException unexpectedFailure(Throwable e) {
        if (DatabaseUnavailable.causes(e)) {
            LOG.warnf("Database unavailable: %s", e.getMessage());
            return ApiException.unavailable("The service's database is busy or unreachable; retry shortly",
                    DATABASE_RETRY_AFTER_SECONDS);
        }
        if (DataException.causes(e)) {
            // The last line behind the input checks: a value PostgreSQL cannot store or compare
            // (SQLSTATE class 22) is the caller's input, not a fault of the service.
            LOG.warnf("Request refused by the database as a data exception: %s", DataException.state(e));
            return new ApiException(400, ErrorCode.INVALID_REQUEST,
                    "A value in the request is out of range or not valid for this field");
        }
        LOG.error("Unhandled failure", e);
        return new ApiException(500, ErrorCode.INTERNAL_ERROR, "An unexpected error occurred");
    }

    /** {@code holdId}, {@code items[2].amount}: the path of the JSON value that did not fit. */
    static String fieldPath(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining())
                .replaceFirst("^\\.", "");
    }

    /** {@code orchestrate.request.query} becomes {@code query}: the caller knows only body fields. */
    static String fieldName(String propertyPath) {
        String[] parts = propertyPath.split("\\.");
        int start = Math.min(2, parts.length - 1);
        return String.join(".", java.util.Arrays.copyOfRange(parts, start, parts.length));
    }

    /** Our own messages are whole sentences; Bean Validation's defaults ("must not be null") get the field. */
    private static String sentence(String field, String message) {
        return Character.isUpperCase(message.charAt(0)) ? message : field + " " + message;
    }

    private static String codeFor(int status) {
        return switch (status) {
            case 400, 405, 406, 413, 415 -> ErrorCode.INVALID_REQUEST;
            case 401 -> ErrorCode.UNAUTHORIZED;
            case 403 -> ErrorCode.FORBIDDEN;
            case 404 -> ErrorCode.NOT_FOUND;
            case 409 -> ErrorCode.CONFLICT;
            case 429 -> ErrorCode.RATE_LIMIT_EXCEEDED;
            case 503 -> ErrorCode.SERVICE_UNAVAILABLE;
            default -> status >= 500 ? ErrorCode.INTERNAL_ERROR : ErrorCode.INVALID_REQUEST;
        };
    }

    private static String messageFor(int status, WebApplicationException e) {
        return switch (status) {
            case 404 -> "Resource not found";
            case 405 -> "Method not allowed on this resource";
            case 415 -> "Content-Type must be application/json";
            case 406 -> "Only application/json responses are available";
            default -> status >= 500 ? "An unexpected error occurred" : e.getMessage();
        };
    }
}
