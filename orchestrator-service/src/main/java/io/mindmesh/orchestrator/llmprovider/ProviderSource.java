package io.mindmesh.orchestrator.llmprovider;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where a provider is defined: configuration (Helm, read-only through the API) or the admin API. */
public enum ProviderSource {
    CONFIG("config"),
    API("api");

    private final String label;

    ProviderSource(String label) {
        this.label = label;
    }

    @JsonValue
    public String label() {
        return label;
    }
}
