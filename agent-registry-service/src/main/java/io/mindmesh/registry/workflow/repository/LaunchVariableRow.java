package io.mindmesh.registry.workflow.repository;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A row of {@code workflow_launch_variables}. */
@Embeddable
public class LaunchVariableRow {

    public String name;

    public String type;

    public boolean required;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "default_value")
    public JsonNode defaultValue;

    public String description;
}
