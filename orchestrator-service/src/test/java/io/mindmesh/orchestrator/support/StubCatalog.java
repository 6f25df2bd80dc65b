package io.mindmesh.orchestrator.support;

import com.fasterxml.jackson.databind.node.TextNode;
import io.mindmesh.common.error.ApiException;
import io.mindmesh.orchestrator.registry.AgentPricing;
import io.mindmesh.orchestrator.registry.AgentRuntimeSpec;
import io.mindmesh.orchestrator.registry.CatalogAgent;
import io.mindmesh.orchestrator.registry.CatalogApp;
import io.mindmesh.orchestrator.registry.CatalogWorkflow;
import io.mindmesh.orchestrator.registry.ResolvedWorkflow;
import io.mindmesh.orchestrator.registry.client.RegistryClient;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Stands in for the registry's catalog reads (installed with {@code QuarkusMock}): the workflows
 * and apps a test adds, 404 for any other, as the registry answers.
 */
public class StubCatalog extends RegistryClient {

    /** The demo app's blog workflow: one step whose instructions use the {@code topic} launch variable. */
    public static final String BLOG_INSTRUCTIONS =
            "Assistant will write a blog post about the following topic: {{$launchVariables->topic}}";

    private final Map<String, ResolvedWorkflow> workflows = new HashMap<>();
    private final Map<String, CatalogApp> apps = new HashMap<>();
    private final Map<String, Map<String, ResolvedWorkflow>> appWorkflows = new HashMap<>();

    public StubCatalog() {
        super(null);
    }

    public StubCatalog workflow(ResolvedWorkflow resolved) {
        workflows.put(resolved.workflow().slug(), resolved);
        return this;
    }

    public StubCatalog app(CatalogApp app, ResolvedWorkflow... appWorkflowsOfIt) {
        apps.put(app.id(), app);
        Map<String, ResolvedWorkflow> byName = appWorkflows.computeIfAbsent(app.id(), id -> new HashMap<>());
        for (ResolvedWorkflow resolved : appWorkflowsOfIt) {
            byName.put(resolved.workflow().slug(), resolved);
            byName.put(resolved.workflow().name(), resolved);
        }
        return this;
    }

    @Override
    public ResolvedWorkflow resolvedWorkflow(String slug) {
        return Optional.ofNullable(workflows.get(slug)).orElseThrow(() -> ApiException.notFound("Workflow " + slug));
    }

    @Override
    public CatalogApp app(String appId) {
        return Optional.ofNullable(apps.get(appId)).orElseThrow(() -> ApiException.notFound("App " + appId));
    }

    @Override
    public ResolvedWorkflow resolvedAppWorkflow(String appId, String workflow) {
        return Optional.ofNullable(appWorkflows.getOrDefault(appId, Map.of()).get(workflow))
                .orElseThrow(() -> ApiException.notFound("Workflow " + workflow + " of app " + appId));
    }

    /**
     * A simulated agent of the catalog at a flat 0.20 a step (nothing per unit, so the units it
     * draws from its output digest do not change the price and tests assert literal amounts), 10 ms.
     */
    public static CatalogAgent agent(String name, String status) {
        return new CatalogAgent("agent_" + name.replace('-', '_'), name, name, "content", List.of("writing"),
                "A test agent", List.of(), List.of(),
                new AgentPricing(new BigDecimal("0.20"), BigDecimal.ZERO, "tokens", new BigDecimal("100")),
                new AgentRuntimeSpec(AgentRuntimeSpec.SIMULATED, null, null, 10L, 0.0), 10L, status, 1);
    }

    /**
     * A fresh workflow (unique slug): {@code outline} then {@code draft} (which waits for it), the
     * required {@code topic} variable, and the output {@code post} = the draft.
     */
    public static ResolvedWorkflow blogWorkflow(CatalogAgent outliner, CatalogAgent writer) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        CatalogWorkflow workflow = new CatalogWorkflow("wf_blog_" + suffix, "blog-post-" + suffix, "Blog post " + suffix,
                "Outline, then write", List.of(
                        new CatalogWorkflow.Step("outline", outliner.id(), List.of(),
                                "Outline a post about {{$launchVariables->topic}}"),
                        new CatalogWorkflow.Step("draft", writer.id(), List.of("outline"), BLOG_INSTRUCTIONS)),
                List.of(new CatalogWorkflow.LaunchVariable("topic", "string", true, null, "What the post is about"),
                        new CatalogWorkflow.LaunchVariable("tone", "string", false, TextNode.valueOf("friendly"), "")),
                List.of(new CatalogWorkflow.OutputVariable("post", "draft", "The post")));
        return new ResolvedWorkflow(workflow, List.of(outliner, writer));
    }

    /** Every test agent verifies calls with {@link AgentSignatures#SECRET}. */
    @Override
    public String signingSecret(String agentId) {
        return AgentSignatures.SECRET;
    }
}
