package io.mindmesh.orchestrator.config;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Every request body of this API is JSON, so a POST sent as {@code curl -d '{…}'} (which labels the
 * body {@code application/x-www-form-urlencoded}) or without a content type is read as JSON
 * instead of being refused with 415. Any other declared type is left as sent.
 */
public class JsonBodies {

    @ServerRequestFilter(preMatching = true)
    public void defaultToJson(ContainerRequestContext request) {
        if (!HttpMethod.POST.equals(request.getMethod())) {
            return;
        }
        MediaType type = request.getMediaType();
        if (type == null || type.isCompatible(MediaType.APPLICATION_FORM_URLENCODED_TYPE)) {
            request.getHeaders().putSingle(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON);
        }
    }
}
