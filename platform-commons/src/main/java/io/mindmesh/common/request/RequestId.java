package io.mindmesh.common.request;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.jboss.logging.MDC;

/**
 * The request id travels as {@code X-Request-ID}: taken from the caller when well-formed, otherwise
 * generated as {@code req_<24 hex>}; kept in the logging MDC under {@code requestId}.
 */
public final class RequestId {

    public static final String HEADER = "X-Request-ID";
    public static final String MDC_KEY = "requestId";

    private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private RequestId() {
    }

    public static String acceptOrGenerate(String candidate) {
        return candidate != null && WELL_FORMED.matcher(candidate).matches() ? candidate : generate();
    }

    public static String generate() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return "req_" + HexFormat.of().formatHex(bytes);
    }

    /** The current request's id, or a fresh one when there is no request (a background job). */
    public static String current() {
        Object id = MDC.get(MDC_KEY);
        return id != null ? id.toString() : generate();
    }
}
