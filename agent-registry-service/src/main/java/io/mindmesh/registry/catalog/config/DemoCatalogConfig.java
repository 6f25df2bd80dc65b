package io.mindmesh.registry.catalog.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The demo catalog loaded at startup; a production deployment turns it off. */
@ConfigMapping(prefix = "registry.demo-catalog")
public interface DemoCatalogConfig {

    /** Whether to insert the demo agents at startup (missing ones only). */
    @WithDefault("true")
    boolean enabled();

    /** Classpath location of the catalog file. */
    @WithDefault("catalog/demo-agents.json")
    String resource();
}
