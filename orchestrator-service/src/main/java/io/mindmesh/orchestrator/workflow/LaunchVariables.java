package io.mindmesh.orchestrator.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.mindmesh.common.error.ApiException;
import io.mindmesh.orchestrator.registry.CatalogWorkflow;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The launch variables of one run, and their substitution into step instructions.
 * <ul>
 * <li>Each variable the workflow declares takes the caller's value of the same name, else its
 * default; a required variable without a value is a 400 naming it ({@code <field>.<name>}).</li>
 * <li>Values must be scalars: a {@code string} variable takes any scalar (written as text), a
 * {@code number} a number or a numeric string, a {@code boolean} true/false or "true"/"false".</li>
 * <li>Values the workflow does not declare are not variables: they are kept with the run but never
 * substituted.</li>
 * <li>{@code {{$launchVariables->name}}} (spaces allowed inside the braces) is replaced by the
 * value's text, in one pass: text coming from a value is never substituted again. A reference to a
 * variable without a value becomes empty, as in MindStudio.</li>
 * </ul>
 */
public final class LaunchVariables {

    private static final Pattern REFERENCE = Pattern.compile("\\{\\{\\s*\\$launchVariables->([A-Za-z_][A-Za-z0-9_]*)\\s*}}");
    private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

    private final Map<String, String> values;

    private LaunchVariables(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    /**
     * @param given the caller's values (may be null); {@code field} names them in errors, e.g.
     *              {@code metadata} or {@code variables}
     */
    public static LaunchVariables resolve(List<CatalogWorkflow.LaunchVariable> declared, JsonNode given, String field) {
        if (given != null && !given.isNull() && !given.isObject()) {
            throw ApiException.invalid(field, field + " must be an object");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (CatalogWorkflow.LaunchVariable variable : declared) {
            JsonNode value = given == null ? null : given.get(variable.name());
            if (value == null || value.isNull()) {
                value = variable.defaultValue();
            }
            String name = field + "." + variable.name();
            if (value == null || value.isNull()) {
                if (variable.required()) {
                    throw ApiException.invalid(name, "Launch variable '" + variable.name() + "' is required by this"
                            + " workflow: set " + name);
                }
                continue;
            }
            values.put(variable.name(), text(variable, value, name));
        }
        return new LaunchVariables(values);
    }

    private static String text(CatalogWorkflow.LaunchVariable variable, JsonNode value, String field) {
        if (!value.isValueNode()) {
            throw ApiException.invalid(field, field + " must be a string, a number or a boolean");
        }
        String text = value.isNumber() ? plain(value.decimalValue()) : value.asText();
        switch (variable.type() == null ? "string" : variable.type()) {
            case "number" -> {
                if (!NUMBER.matcher(text).matches()) {
                    throw ApiException.invalid(field, field + " must be a number");
                }
            }
            case "boolean" -> {
                if (!text.equals("true") && !text.equals("false")) {
                    throw ApiException.invalid(field, field + " must be true or false");
                }
            }
            default -> {
                // a string variable takes any scalar as text
            }
        }
        return text;
    }

    private static String plain(BigDecimal number) {
        return number.stripTrailingZeros().toPlainString();
    }

    /** The variables that have a value, by name, in declaration order. */
    public Map<String, String> values() {
        return values;
    }

    /** {@code template} with every launch variable reference replaced by its value's text. */
    public String substitute(String template) {
        if (template == null || template.isEmpty()) {
            return "";
        }
        Matcher matcher = REFERENCE.matcher(template);
        StringBuilder out = new StringBuilder(template.length());
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(values.getOrDefault(matcher.group(1), "")));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
