package io.mindmesh.common.request;

import io.mindmesh.common.tracing.Tracing;
import io.opentelemetry.api.trace.Span;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Puts the request id into the logs and onto the request's server span (attribute
 * {@value Tracing#REQUEST_ID_ATTRIBUTE}, so the {@code requestId} of an error envelope finds its
 * trace), and echoes it on every response of every service.
 */
public class RequestIdFilters {

    @ServerRequestFilter(preMatching = true, priority = 100)
    public void assign(ContainerRequestContext request) {
        String id = RequestId.acceptOrGenerate(request.getHeaderString(RequestId.HEADER));
        request.getHeaders().putSingle(RequestId.HEADER, id);
        MDC.put(RequestId.MDC_KEY, id);
        Span.current().setAttribute(Tracing.REQUEST_ID_ATTRIBUTE, id);
    }

    @ServerResponseFilter
    public void echo(ContainerRequestContext request, ContainerResponseContext response) {
        response.getHeaders().putSingle(RequestId.HEADER, request.getHeaderString(RequestId.HEADER));
    }
}
