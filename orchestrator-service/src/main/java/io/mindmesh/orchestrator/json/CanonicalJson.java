package io.mindmesh.orchestrator.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A stable text form of JSON: object keys sorted, no insignificant whitespace. Two outputs that
 * differ only in key order or (for {@link #normalised}) in case and spacing get the same form.
 */
public final class CanonicalJson {

    private CanonicalJson() {
    }

    public static String of(JsonNode node) {
        StringBuilder out = new StringBuilder();
        write(node, out, false);
        return out.toString();
    }

    /** As {@link #of}, with strings trimmed, lower-cased and their inner whitespace collapsed. */
    public static String normalised(JsonNode node) {
        StringBuilder out = new StringBuilder();
        write(node, out, true);
        return out.toString();
    }

    private static void write(JsonNode node, StringBuilder out, boolean normalise) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            out.append("null");
        } else if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            names.sort(null);
            out.append('{');
            for (int i = 0; i < names.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(quote(names.get(i))).append(':');
                write(node.get(names.get(i)), out, normalise);
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(node.get(i), out, normalise);
            }
            out.append(']');
        } else if (node.isTextual()) {
            String text = node.asText();
            out.append(quote(normalise ? text.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT) : text));
        } else if (node.isNumber()) {
            out.append(node.decimalValue().stripTrailingZeros().toPlainString());
        } else {
            out.append(node.asText());
        }
    }

    private static String quote(String text) {
        return TextNode.valueOf(text).toString();
    }
}
