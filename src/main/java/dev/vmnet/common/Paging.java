package dev.vmnet.common;

import jakarta.ws.rs.core.UriInfo;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Keyset paging for lists: {@code ?limit=N&cursor=C}; the next page's cursor goes in X-Next-Cursor
 * and in a Link header with rel="next". Cursors are opaque to clients.
 */
public final class Paging {

    public static final int MAX_LIMIT = 1000;

    private Paging() {}

    /** The page size of the lists that page by default (users, pools, the audit log). */
    public static final int DEFAULT_LIMIT = 100;

    /** A limit from 1 to {@link #MAX_LIMIT}, or {@link #DEFAULT_LIMIT} when absent. */
    public static int limitOrDefault(String text) {
        Integer limit = limit(text);
        return limit == null ? DEFAULT_LIMIT : limit;
    }

    /** A limit from 1 to {@link #MAX_LIMIT}, or null when absent. */
    public static Integer limit(String text) {
        if (text == null) {
            return null;
        }
        if (text.matches("\\d{1,4}") && Integer.parseInt(text) >= 1 && Integer.parseInt(text) <= MAX_LIMIT) {
            return Integer.parseInt(text);
        }
        throw ApiException.unprocessable("INVALID_LIMIT", "limit must be an integer from 1 to " + MAX_LIMIT);
    }

    public static String encode(String position) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(position.getBytes(StandardCharsets.UTF_8));
    }

    /** The position a cursor stands for, if it is one this API could have returned. */
    public static String decode(String cursor, Predicate<String> valid) {
        try {
            String position = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (valid.test(position)) {
                return position;
            }
        } catch (IllegalArgumentException e) {
            // not base64: reported below
        }
        throw ApiException.unprocessable("INVALID_CURSOR", "cursor is not one this API returned");
    }

    /** The id a cursor of a list ordered newest first (by id) stands for: the page goes on below it. */
    public static long beforeId(String cursor) {
        return cursor == null ? Long.MAX_VALUE : Long.parseLong(decode(cursor, c -> c.matches("\\d{1,18}")));
    }

    /** A numeric id from a path; anything else names nothing, so it is a 404 like an id that does not exist. */
    public static long pathId(String text) {
        if (text == null || !text.matches("\\d{1,18}")) {
            throw ApiException.notFound("NOT_FOUND", "No such id: " + text);
        }
        return Long.parseLong(text);
    }

    /**
     * The page of {@code items} (fetched with one extra to see whether more follow) as a response,
     * with the next cursor when there is a next page.
     */
    public static <T, R> RestResponse<List<R>> page(List<T> items, Integer limit, Function<T, String> position,
            Function<T, R> body, UriInfo uri) {
        boolean more = limit != null && items.size() > limit;
        List<T> page = more ? items.subList(0, limit) : items;
        RestResponse.ResponseBuilder<List<R>> response = RestResponse.ResponseBuilder.ok(page.stream().map(body).toList());
        if (more) {
            String next = encode(position.apply(page.get(page.size() - 1)));
            response.header("X-Next-Cursor", next)
                    .header("Link", "<" + uri.getRequestUriBuilder().replaceQueryParam("cursor", next).build() + ">; rel=\"next\"");
        }
        return response.build();
    }
}
