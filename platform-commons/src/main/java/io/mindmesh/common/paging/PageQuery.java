package io.mindmesh.common.paging;

import io.mindmesh.common.error.ApiException;

/**
 * {@code page} (from 1) and {@code limit} (1 to 100, default 20) (docs/public-api.md#pagination).
 * A page may start at most {@link #MAX_OFFSET} rows in: deeper pages cost the database a scan of
 * every row before them, and an offset beyond a 32-bit count fails inside the query layers.
 */
public record PageQuery(int page, int limit) {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;
    public static final long MAX_OFFSET = 1_000_000;

    public static PageQuery of(Integer page, Integer limit) {
        int p = page == null ? 1 : page;
        int l = limit == null ? DEFAULT_LIMIT : limit;
        if (p < 1) {
            throw ApiException.invalid("page", "page must be 1 or greater");
        }
        if (l < 1 || l > MAX_LIMIT) {
            throw ApiException.invalid("limit", "limit must be between 1 and " + MAX_LIMIT);
        }
        if ((long) (p - 1) * l > MAX_OFFSET) {
            throw ApiException.invalid("page", "page is too deep: a page may start at most " + MAX_OFFSET
                    + " rows in, so page " + (MAX_OFFSET / l + 1) + " is the last for limit " + l);
        }
        return new PageQuery(p, l);
    }

    /**
     * From raw query parameters: they arrive as text, because a JAX-RS conversion failure would
     * answer 404 where a caller who typed {@code page=abc} deserves a 400 naming the parameter.
     */
    public static PageQuery parse(String page, String limit) {
        return of(wholeNumber("page", page), wholeNumber("limit", limit));
    }

    private static Integer wholeNumber(String name, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(raw.trim());
        } catch (NumberFormatException e) {
            throw ApiException.invalid(name, name + " must be a whole number");
        }
    }

    /** A long: a huge page number must not wrap around into a negative offset. */
    public long offset() {
        return (long) (page - 1) * limit;
    }
}
