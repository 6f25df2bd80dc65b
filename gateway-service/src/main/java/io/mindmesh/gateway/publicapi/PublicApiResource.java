package io.mindmesh.gateway.publicapi;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Serves the public API's OpenAPI 3.1 document, written once in
 * {@code public-api/openapi.json}; Swagger UI at {@code /docs} reads it (application.properties).
 * Each service's {@code /q/openapi} stays what it is: that service's internal API.
 */
@Path("/openapi.json")
public class PublicApiResource {

    /** Where the document lives on the class path; the route-coverage test reads it too. */
    public static final String DOCUMENT = "public-api/openapi.json";

    private final byte[] document = load();

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public byte[] document() {
        return document;
    }

    private static byte[] load() {
        try (InputStream in = PublicApiResource.class.getClassLoader().getResourceAsStream(DOCUMENT)) {
            if (in == null) {
                throw new IllegalStateException(DOCUMENT + " is missing from the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
