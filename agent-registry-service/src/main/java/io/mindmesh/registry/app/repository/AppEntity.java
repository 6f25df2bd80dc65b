package io.mindmesh.registry.app.repository;

import io.mindmesh.registry.app.App;
import io.mindmesh.registry.app.AppDefinition;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.Generated;
import org.hibernate.generator.EventType;

/**
 * A row of {@code apps} with its workflows. Never leaves the service. Rows are inserted by
 * {@link AppRepository#insertIfAbsent}; {@link #define} replaces the workflow list at once, so
 * Hibernate deletes the old rows and inserts the new ones.
 */
@Entity
@Table(name = "apps")
public class AppEntity {

    @Id
    public UUID id;

    public String slug;

    public String name;

    public String description;

    @Column(name = "default_workflow")
    public String defaultWorkflow;

    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;

    // Written on every change so that the row is updated even when only its workflows changed;
    // the database's trigger then sets the value, which is read back.
    @Generated(event = EventType.UPDATE, writable = true)
    @Column(name = "updated_at", insertable = false)
    public Instant updatedAt;

    @ElementCollection
    @CollectionTable(name = "app_workflows", joinColumns = @JoinColumn(name = "app_id"))
    @OrderColumn(name = "position")
    @Column(name = "workflow_slug")
    public List<String> workflows = new ArrayList<>();

    /** Takes the definition's fields; the id stays. */
    public void define(AppDefinition definition) {
        slug = definition.slug();
        name = definition.name();
        description = definition.description();
        defaultWorkflow = definition.defaultWorkflow();
        workflows = new ArrayList<>(definition.workflows());
        updatedAt = Instant.now();
    }

    public App toApp() {
        return new App(id.toString(), name, slug, description, List.copyOf(workflows), defaultWorkflow, createdAt,
                updatedAt);
    }
}
