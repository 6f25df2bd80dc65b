package io.mindmesh.common.paging;

import io.mindmesh.common.error.ApiException;

/** {@code page} (from 1) and {@code limit} (1 to 100, default 20) as seed 000 defines them. */
public record PageQuery(int page, int limit) {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;

    public static PageQuery of(Integer page, Integer limit) {
        int p = page == null ? 1 : page;
        int l = limit == null ? DEFAULT_LIMIT : limit;
        if (p < 1) {
            throw ApiException.invalid("page", "page must be 1 or greater");
        }
        if (l < 1 || l > MAX_LIMIT) {
            throw ApiException.invalid("limit", "limit must be between 1 and " + MAX_LIMIT);
        }
        return new PageQuery(p, l);
    }

    public int offset() {
        return (page - 1) * limit;
    }
}
