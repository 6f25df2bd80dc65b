package io.mindmesh.common.paging;

import io.mindmesh.common.error.ApiException;
import java.util.Map;

/**
 * {@code sort=field} ascending, {@code sort=-field} descending. Only the fields a resource lists
 * are accepted, each mapped to its column, so a sort parameter never reaches SQL unchecked.
 */
public record Sort(String column, boolean descending) {

    public static Sort parse(String raw, Map<String, String> allowedFieldsToColumns, String defaultSort) {
        String value = raw == null || raw.isBlank() ? defaultSort : raw.trim();
        boolean descending = value.startsWith("-");
        String field = descending ? value.substring(1) : value;
        String column = allowedFieldsToColumns.get(field);
        if (column == null) {
            throw ApiException.invalid("sort", "sort must be one of " + allowedFieldsToColumns.keySet()
                    + ", optionally prefixed with '-' for descending order");
        }
        return new Sort(column, descending);
    }

    /** The HQL/SQL fragment, e.g. {@code createdAt desc}. */
    public String clause() {
        return column + (descending ? " desc" : " asc");
    }
}
