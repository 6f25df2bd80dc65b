package io.mindmesh.common.error;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.time.temporal.Temporal;
import java.util.Collection;
import java.util.Map;

/**
 * What was wrong with a JSON body, in a sentence that names JSON types and never Java ones: the
 * {@code details} of every JSON 400, whichever service or parser read the body.
 */
public final class JsonProblem {

    private JsonProblem() {
    }

    public static String describe(JsonProcessingException e, String field) {
        String subject = field.isEmpty() ? "The body" : field;
        if (e instanceof StreamConstraintsException) {
            return "The JSON is nested too deeply or holds a number or string that is too long";
        }
        if (e instanceof InputCoercionException) {
            return "A number" + at(e.getLocation()) + " is out of range for its field";
        }
        if (e instanceof UnrecognizedPropertyException) {
            return subject + " is not a field of this request";
        }
        if (e instanceof ValueInstantiationException) {
            return subject + " has a value that is not allowed";
        }
        if (e instanceof MismatchedInputException mismatched && mismatched.getTargetType() != null) {
            return subject + " must be " + jsonType(mismatched.getTargetType());
        }
        if (e instanceof JsonMappingException) {
            return subject + " has the wrong type or format";
        }
        return "The body is not well-formed JSON" + at(e.getLocation());
    }

    private static String at(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? ""
                : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static String jsonType(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class || type == java.math.BigInteger.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type.isEnum()) {
            return "one of the allowed values";
        }
        if (CharSequence.class.isAssignableFrom(type) || Temporal.class.isAssignableFrom(type)
                || type == java.util.UUID.class) {
            return "a string";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(type) || !type.isPrimitive()) {
            return "an object";
        }
        return "of another type";
    }
}
