package io.mindmesh.registry.workflow;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.util.List;

/**
 * What an operator publishes for a workflow: a DAG of agent steps, the variables a run is launched
 * with and the outputs it returns. Bean Validation covers each field; {@link WorkflowRules} the
 * rules across fields and against the catalog. The limits mirror the database checks.
 *
 * @param id              {@code wf_…}; generated when absent at creation
 * @param steps           in the order the operator wrote them; the dependencies decide the run order
 * @param launchVariables what a run is given (an app run's {@code variables}), referenced in step
 *                        instructions as {@code {{$launchVariables->name}}}
 *                        (docs/public-api.md#launch-variables)
 * @param outputVariables what a run returns (an app run's {@code result},
 *                        docs/public-api.md#app-run-answers): each names the step whose output
 *                        it is
 */
public record WorkflowDefinition(
        @Pattern(regexp = ID_PATTERN, message = "must be wf_ followed by 1 to 64 lower-case letters, digits or underscores")
        String id,
        @NotNull(message = "is required")
        @Size(max = 100, message = "must be at most 100 characters")
        @Pattern(regexp = "[a-z0-9]+(-[a-z0-9]+)*", message = "must be lower-case letters and digits in words joined by single hyphens, e.g. product-launch")
        String slug,
        @NotBlank(message = "is required")
        @Size(max = 200, message = "must be at most 200 characters")
        String name,
        @Size(max = 4000, message = "must be at most 4000 characters")
        String description,
        @NotNull(message = "is required")
        @Size(min = 1, max = 50, message = "must list between 1 and 50 steps")
        List<@NotNull(message = "must not be null") @Valid Step> steps,
        @Size(max = 50, message = "may declare at most 50 variables")
        List<@NotNull(message = "must not be null") @Valid LaunchVariable> launchVariables,
        @Size(max = 50, message = "may declare at most 50 variables")
        List<@NotNull(message = "must not be null") @Valid OutputVariable> outputVariables) {

    private static final String ID_PATTERN = "wf_[a-z0-9_]{1,64}";
    private static final String VARIABLE_NAME_PATTERN = "[A-Za-z_][A-Za-z0-9_]{0,63}";
    private static final String VARIABLE_NAME_MESSAGE = "must start with a letter or underscore and have at most 64 letters, digits or underscores";

    public WorkflowDefinition {
        description = description == null ? "" : description;
        launchVariables = launchVariables == null ? List.of() : launchVariables;
        outputVariables = outputVariables == null ? List.of() : outputVariables;
    }

    /**
     * One agent call. {@code instructions} are sent to the agent with the run's task, after
     * {@code {{$launchVariables->name}}} is replaced by the variable's value.
     */
    public record Step(
            @NotNull(message = "is required")
            @Pattern(regexp = "[a-z][a-z0-9_-]{0,63}", message = "must start with a lower-case letter and have at most 64 lower-case letters, digits, hyphens or underscores")
            String id,
            @NotNull(message = "is required")
            String agentId,
            @Size(max = 49, message = "may list at most 49 steps")
            List<@NotNull(message = "must not be null") String> dependsOn,
            @Size(max = 10_000, message = "must be at most 10000 characters")
            String instructions) {

        public Step {
            dependsOn = dependsOn == null ? List.of() : dependsOn;
            instructions = instructions == null ? "" : instructions;
        }
    }

    /**
     * A value a run is launched with: {@code string}, {@code number} or {@code boolean}. A
     * required variable has no default; an optional one without a default is simply absent.
     */
    public record LaunchVariable(
            @NotNull(message = "is required")
            @Pattern(regexp = VARIABLE_NAME_PATTERN, message = VARIABLE_NAME_MESSAGE)
            String name,
            @NotNull(message = "is required")
            @Pattern(regexp = "string|number|boolean", message = "must be string, number or boolean")
            String type,
            boolean required,
            @JsonProperty("default")
            JsonNode defaultValue,
            @Size(max = 1000, message = "must be at most 1000 characters")
            String description) {

        public LaunchVariable {
            defaultValue = canonical(defaultValue);
            description = description == null ? "" : description;
        }

        /**
         * An explicit JSON null is no default at all; a number has one form whatever its notation
         * (5000, 5000.0 and 5E+3 are the same default), so that an unchanged definition compares equal.
         */
        private static JsonNode canonical(JsonNode value) {
            if (value == null || value.isNull()) {
                return null;
            }
            if (value.isNumber()) {
                return DecimalNode.valueOf(new BigDecimal(value.decimalValue().stripTrailingZeros().toPlainString()));
            }
            return value;
        }
    }

    /** A named result of the run: the output of step {@code stepId}. */
    public record OutputVariable(
            @NotNull(message = "is required")
            @Pattern(regexp = VARIABLE_NAME_PATTERN, message = VARIABLE_NAME_MESSAGE)
            String name,
            @NotNull(message = "is required")
            String stepId,
            @Size(max = 1000, message = "must be at most 1000 characters")
            String description) {

        public OutputVariable {
            description = description == null ? "" : description;
        }
    }
}
