package io.mindmesh.analytics.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reads a stored event's jsonb payload back into JSON for a response. */
public final class StoredPayloads {

    private StoredPayloads() {
    }

    public static JsonNode read(ObjectMapper objectMapper, StoredEvent event) {
        try {
            return objectMapper.readTree(event.payload);
        } catch (JsonProcessingException e) {
            // jsonb only holds valid JSON: reaching this means the column type was changed under us.
            throw new IllegalStateException("Stored payload of event " + event.id + " is not JSON", e);
        }
    }
}
