package io.mindmesh.orchestrator.llmprovider.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mindmesh.common.error.ApiException;
import io.mindmesh.orchestrator.webhook.AddressPolicy;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What an operator sets for a provider, every value checked (docs/operations.md, "LLM providers"):
 * {@code baseUrl} an absolute http(s) URL without user info, query or fragment; {@code apiKey}
 * printable ASCII without spaces, or none; {@code timeoutMs} 1 s to 10 min (default 60 s);
 * {@code maxRetries} 0 to 5 (default 2); {@code allowedHost} one host name, address or CIDR range (at
 * most a /8 of IPv4 or a /32 of IPv6), or none. A refusal is a 400 naming the member.
 *
 * @param apiKey      null: the server takes no key
 * @param allowedHost null: only public addresses (and {@code orchestrator.llm.allowed-hosts})
 */
public record ProviderSettings(String baseUrl, String apiKey, int timeoutMs, int maxRetries, String allowedHost) {

    static final String BASE_URL = "baseUrl";
    static final String API_KEY = "apiKey";
    static final String TIMEOUT_MS = "timeoutMs";
    static final String MAX_RETRIES = "maxRetries";
    static final String ALLOWED_HOST = "allowedHost";
    private static final Set<String> MEMBERS = Set.of(BASE_URL, API_KEY, TIMEOUT_MS, MAX_RETRIES, ALLOWED_HOST);

    static final int DEFAULT_TIMEOUT_MS = 60_000;
    static final int DEFAULT_MAX_RETRIES = 2;
    private static final int MIN_TIMEOUT_MS = 1_000;
    private static final int MAX_TIMEOUT_MS = 600_000;
    private static final int MAX_RETRIES_LIMIT = 5;
    private static final int MAX_URL = 2048;
    private static final int MAX_KEY = 4096;
    private static final int MAX_HOST = 253;
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]+");
    private static final Pattern HOST_NAME = Pattern.compile(
            "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

    /** A whole definition (PUT): absent members take their defaults. */
    public static ProviderSettings of(ObjectNode body) {
        checkMembers(body);
        JsonNode timeout = body.get(TIMEOUT_MS);
        JsonNode retries = body.get(MAX_RETRIES);
        return new ProviderSettings(baseUrl(body.get(BASE_URL)), apiKey(body.get(API_KEY)),
                absent(timeout) ? DEFAULT_TIMEOUT_MS : timeoutMs(timeout),
                absent(retries) ? DEFAULT_MAX_RETRIES : maxRetries(retries),
                allowedHost(body.get(ALLOWED_HOST)));
    }

    /**
     * These settings with a JSON merge patch applied (PATCH): only the members it names change; null
     * removes {@code apiKey} or {@code allowedHost} and is refused for the others.
     */
    public ProviderSettings patchedWith(ObjectNode patch) {
        checkMembers(patch);
        return new ProviderSettings(
                patch.has(BASE_URL) ? baseUrl(patch.get(BASE_URL)) : baseUrl,
                patch.has(API_KEY) ? apiKey(patch.get(API_KEY)) : apiKey,
                patch.has(TIMEOUT_MS) ? timeoutMs(patch.get(TIMEOUT_MS)) : timeoutMs,
                patch.has(MAX_RETRIES) ? maxRetries(patch.get(MAX_RETRIES)) : maxRetries,
                patch.has(ALLOWED_HOST) ? allowedHost(patch.get(ALLOWED_HOST)) : allowedHost);
    }

    private static void checkMembers(ObjectNode body) {
        body.fieldNames().forEachRemaining(member -> {
            if (!MEMBERS.contains(member)) {
                throw ApiException.invalid(member, member + " is not a field of an LLM provider (allowed: baseUrl,"
                        + " apiKey, timeoutMs, maxRetries, allowedHost)");
            }
        });
    }

    private static boolean absent(JsonNode node) {
        return node == null || node.isNull();
    }

    private static String text(JsonNode node, String member) {
        if (!node.isTextual()) {
            throw ApiException.invalid(member, member + " must be a string");
        }
        return node.textValue();
    }

    private static String baseUrl(JsonNode node) {
        if (absent(node)) {
            throw ApiException.invalid(BASE_URL, "baseUrl is required");
        }
        String url = text(node, BASE_URL);
        if (url.length() > MAX_URL) {
            throw ApiException.invalid(BASE_URL, "baseUrl must be at most " + MAX_URL + " characters long");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw notHttp();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw notHttp();
        }
        if (uri.getRawUserInfo() != null) {
            throw ApiException.invalid(BASE_URL, "baseUrl must not contain a user name or password: give the key"
                    + " as apiKey, which is stored encrypted");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw ApiException.invalid(BASE_URL, "baseUrl must not have a query or a fragment");
        }
        return url;
    }

    private static ApiException notHttp() {
        return ApiException.invalid(BASE_URL, "baseUrl must be an absolute http or https URL with a host,"
                + " e.g. https://api.openai.com/v1");
    }

    private static String apiKey(JsonNode node) {
        if (absent(node)) {
            return null;
        }
        String key = text(node, API_KEY);
        if (key.length() > MAX_KEY) {
            throw ApiException.invalid(API_KEY, "apiKey must be at most " + MAX_KEY + " characters long");
        }
        if (!KEY.matcher(key).matches()) {
            throw ApiException.invalid(API_KEY, "apiKey must be printable ASCII characters without spaces (null or"
                    + " left out for a server that takes no key)");
        }
        return key;
    }

    private static int timeoutMs(JsonNode node) {
        return whole(node, TIMEOUT_MS, MIN_TIMEOUT_MS, MAX_TIMEOUT_MS,
                "timeoutMs must be a whole number of milliseconds from 1000 (1 s) to 600000 (10 min)");
    }

    private static int maxRetries(JsonNode node) {
        return whole(node, MAX_RETRIES, 0, MAX_RETRIES_LIMIT, "maxRetries must be a whole number from 0 to 5");
    }

    private static int whole(JsonNode node, String member, int min, int max, String message) {
        if (node == null || !node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < min
                || node.intValue() > max) {
            throw ApiException.invalid(member, message);
        }
        return node.intValue();
    }

    private static String allowedHost(JsonNode node) {
        if (absent(node)) {
            return null;
        }
        String host = text(node, ALLOWED_HOST).trim().toLowerCase(Locale.ROOT);
        if (host.isEmpty() || host.length() > MAX_HOST) {
            throw invalidHost();
        }
        if (host.contains("/") || AddressPolicy.isAddressLiteral(host)) {
            checkRange(host);
        } else if (!HOST_NAME.matcher(host).matches()) {
            throw invalidHost();
        }
        return host;
    }

    private static void checkRange(String host) {
        try {
            AddressPolicy.allowing(List.of(host));
        } catch (IllegalArgumentException e) {
            throw invalidHost();
        }
        int slash = host.indexOf('/');
        if (slash >= 0) {
            // Parsed above, so the prefix is a number within the family's bounds.
            int prefix = Integer.parseInt(host.substring(slash + 1));
            if (prefix < (host.contains(":") ? 32 : 8)) {
                throw ApiException.invalid(ALLOWED_HOST, "allowedHost may be at most a /8 range of IPv4 or a /32"
                        + " of IPv6: it names the one internal place this provider may reach");
            }
        }
    }

    private static ApiException invalidHost() {
        return ApiException.invalid(ALLOWED_HOST, "allowedHost must be one host name, IP address or CIDR range,"
                + " e.g. vllm.models.svc.cluster.local or 10.20.0.0/16");
    }
}
