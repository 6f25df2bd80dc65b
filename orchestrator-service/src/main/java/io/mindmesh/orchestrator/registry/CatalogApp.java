package io.mindmesh.orchestrator.registry;

/**
 * An app of the catalog (what the MindStudio-compatible API runs): a named set of workflows, one of
 * which runs when the caller names none.
 */
public record CatalogApp(String id, String name, String slug, String description, String defaultWorkflow) {
}
