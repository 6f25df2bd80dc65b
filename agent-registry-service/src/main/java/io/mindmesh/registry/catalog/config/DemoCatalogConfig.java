package io.mindmesh.registry.catalog.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The demo catalog loaded at startup; a production deployment turns it off. */
@ConfigMapping(prefix = "registry.demo-catalog")
public interface DemoCatalogConfig {

    /** Whether to insert the demo agents, workflows and apps at startup (missing ones only). */
    @WithDefault("true")
    boolean enabled();

    /** Classpath location of the demo agents file. */
    @WithDefault("catalog/demo-agents.json")
    String agentsResource();

    /** Classpath location of the demo workflows file; loaded after the agents its steps use. */
    @WithDefault("catalog/demo-workflows.json")
    String workflowsResource();

    /** Classpath location of the demo apps file; loaded after the workflows they bundle. */
    @WithDefault("catalog/demo-apps.json")
    String appsResource();

    /**
     * Whether to add the LLM versions of the demo agents, workflows and apps (runtime {@code llm},
     * provider {@code openai}): only where the orchestrator has that provider, so that they are
     * never selectable without one ({@code bin/platform start} turns this on when
     * {@code OPENAI_BASE_URL} and {@code OPENAI_API_KEY} are set).
     */
    @WithDefault("false")
    boolean llmEnabled();

    /** Classpath locations of the LLM demo files: agents, workflows, apps. */
    @WithDefault("catalog/llm/demo-agents.json")
    String llmAgentsResource();

    @WithDefault("catalog/llm/demo-workflows.json")
    String llmWorkflowsResource();

    @WithDefault("catalog/llm/demo-apps.json")
    String llmAppsResource();
}
