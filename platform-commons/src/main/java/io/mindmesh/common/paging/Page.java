package io.mindmesh.common.paging;

import java.util.List;

/** A list response: {@code {data: [...], pagination: {...}}} (docs/public-api.md#pagination). */
public record Page<T>(List<T> data, Pagination pagination) {

    public static <T> Page<T> of(List<T> data, PageQuery query, long total) {
        int pages = (int) ((total + query.limit() - 1) / query.limit());
        return new Page<>(data, new Pagination(query.page(), query.limit(), total, pages,
                query.page() < pages, query.page() > 1));
    }

    public record Pagination(int page, int limit, long total, int pages, boolean hasNext, boolean hasPrev) {
    }
}
