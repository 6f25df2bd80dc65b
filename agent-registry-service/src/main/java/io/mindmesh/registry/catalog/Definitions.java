package io.mindmesh.registry.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mindmesh.common.error.ApiException;
import io.mindmesh.common.error.ErrorCode;
import io.mindmesh.common.error.JsonProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads the definitions operators publish (agents, workflows) strictly: a field the definition
 * does not have is refused rather than ignored (a misspelt {@code dependsOn} must not silently
 * publish a workflow without dependencies), decimals are read exactly (prices never pass through
 * a double), a fraction is not a whole number, a flag is {@code true} or {@code false} (never
 * {@code 1} or {@code "yes"}), and every Bean Validation constraint is checked.
 * Each failure is a 400 INVALID_REQUEST naming the field, e.g. {@code steps[2].agentId}.
 */
@ApplicationScoped
public class Definitions {

    private final ObjectMapper json;
    private final Validator validator;

    Definitions(ObjectMapper json, Validator validator) {
        this.json = json.copy()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
        this.json.coercionConfigFor(LogicalType.Boolean)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        this.validator = validator;
    }

    /** A request body that must be a JSON object. */
    public ObjectNode parse(String body) {
        JsonNode tree;
        try {
            tree = body == null || body.isBlank() ? null : json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new ApiException(400, ErrorCode.INVALID_REQUEST, "Request body is not valid JSON for this endpoint",
                    Map.of("details", JsonProblem.describe(e, "")));
        }
        if (tree == null || !tree.isObject()) {
            throw ApiException.invalid("body", "Request body must be a JSON object");
        }
        return (ObjectNode) tree;
    }

    /** The definition as a JSON tree, in the shape {@link #read} accepts. */
    public JsonNode tree(Object definition) {
        return json.valueToTree(definition);
    }

    /** The tree as a valid definition of the given type. */
    public <T> T read(JsonNode tree, Class<T> type) {
        T definition;
        try {
            definition = json.treeToValue(tree, type);
        } catch (UnrecognizedPropertyException e) {
            String field = path(e);
            throw ApiException.invalid(field, field + " is not a field of this definition");
        } catch (JsonMappingException e) {
            String field = path(e);
            throw new ApiException(400, ErrorCode.INVALID_REQUEST, field + " has the wrong type or shape",
                    Map.of("field", field, "details", JsonProblem.describe(e, field)));
        } catch (JsonProcessingException e) {
            throw ApiException.invalid("body", "Request body is not valid JSON for this endpoint");
        }
        validator.validate(definition).stream()
                .min(Comparator.comparing(violation -> violation.getPropertyPath().toString()))
                .ifPresent(violation -> {
                    throw invalid(violation);
                });
        return definition;
    }

    private static ApiException invalid(ConstraintViolation<?> violation) {
        // Container elements read "capabilities[1].<list element>": the index says it all.
        String field = violation.getPropertyPath().toString().replaceAll("\\.?<[a-z ]+>", "");
        String message = violation.getMessage();
        return ApiException.invalid(field, Character.isUpperCase(message.charAt(0)) ? message : field + " " + message);
    }

    /** {@code steps[2].agentId}: where in the body the value that did not fit is. */
    private static String path(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining())
                .replaceFirst("^\\.", "");
        return path.isEmpty() ? "body" : path;
    }
}
