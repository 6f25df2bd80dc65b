package io.mindmesh.registry.app;

import io.mindmesh.common.error.ApiException;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What an operator publishes for an app: a named bundle of catalog workflows, one of which runs
 * when a caller names none. Bean Validation covers each field, {@link #check} the rules across
 * fields and against the catalog; the limits mirror the database checks.
 *
 * @param id              a UUID, generated when absent at creation; kept in lower case
 * @param workflows       the slugs of the app's workflows, in the order clients list them
 * @param defaultWorkflow one of {@code workflows}; the first when absent
 */
public record AppDefinition(
        @Pattern(regexp = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}",
                message = "must be a UUID, e.g. 46f2e54b-f2f1-4055-bbf4-a55555a7c3b6")
        String id,
        @NotBlank(message = "is required")
        @Size(max = 200, message = "must be at most 200 characters")
        String name,
        @NotNull(message = "is required")
        @Size(max = 100, message = "must be at most 100 characters")
        @Pattern(regexp = "[a-z0-9]+(-[a-z0-9]+)*", message = "must be lower-case letters and digits in words joined by single hyphens, e.g. content-studio")
        String slug,
        @Size(max = 4000, message = "must be at most 4000 characters")
        String description,
        @NotNull(message = "is required")
        @Size(min = 1, max = 50, message = "must list between 1 and 50 workflows")
        List<@NotNull(message = "must not be null") String> workflows,
        String defaultWorkflow) {

    public AppDefinition {
        id = id == null ? null : id.toLowerCase(Locale.ROOT);
        description = description == null ? "" : description;
        if (defaultWorkflow == null && workflows != null && !workflows.isEmpty()) {
            defaultWorkflow = workflows.get(0);
        }
    }

    public static AppDefinition of(App app) {
        return new AppDefinition(app.id(), app.name(), app.slug(), app.description(), app.workflows(),
                app.defaultWorkflow());
    }

    /**
     * Rules spanning fields and the catalog; call after Bean Validation passed.
     *
     * @param knownWorkflows the slugs among {@code workflows} that exist in the catalog
     * @throws ApiException 400 INVALID_REQUEST naming the offending field
     */
    public void check(Set<String> knownWorkflows) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < workflows.size(); i++) {
            String slug = workflows.get(i);
            if (!knownWorkflows.contains(slug)) {
                throw ApiException.invalid("workflows[" + i + "]", "Workflow " + slug + " does not exist");
            }
            if (!seen.add(slug)) {
                throw ApiException.invalid("workflows[" + i + "]", "Workflow " + slug + " is listed more than once");
            }
        }
        if (!seen.contains(defaultWorkflow)) {
            throw ApiException.invalid("defaultWorkflow",
                    "defaultWorkflow " + defaultWorkflow + " is not one of the app's workflows");
        }
    }
}
