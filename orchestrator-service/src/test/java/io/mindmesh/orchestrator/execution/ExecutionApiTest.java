package io.mindmesh.orchestrator.execution;

import static io.mindmesh.orchestrator.support.TestCallers.as;
import static io.mindmesh.orchestrator.support.TestExecutions.awaitFinished;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.mindmesh.common.request.Caller;
import io.mindmesh.orchestrator.support.TestAgents;
import io.mindmesh.orchestrator.support.TestCallers;
import io.mindmesh.orchestrator.support.TestExecutions;
import io.mindmesh.testing.KafkaResource;
import io.mindmesh.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "orchestrator"))
@QuarkusTestResource(KafkaResource.class)
class ExecutionApiTest {

    @Inject
    TestExecutions executions;

    @Test
    void anExecutionShowsItsPlanStepsResultAndCosts() {
        Caller caller = TestCallers.sandbox();
        // Flat-priced: the step costs 0.20 whatever units it draws, and the developer fee is 10 %.
        String id = executions.accept(caller, "Create an email campaign", ExecutionMode.PARALLEL,
                AggregationStrategy.MERGE,
                List.of(TestAgents.flatPriced(TestAgents.simulated("email-campaign-agent", "0.92", 10))));
        awaitFinished(caller, id);

        as(caller).when().get("/v1/executions/" + id).then()
                .statusCode(200)
                .body("executionId", equalTo(id))
                .body("executionId", matchesPattern("exec_[a-z0-9]{16}"))
                .body("status", equalTo("COMPLETED"))
                .body("query", equalTo("Create an email campaign"))
                .body("mode", equalTo("PARALLEL"))
                .body("aggregationStrategy", equalTo("merge"))
                .body("selectedAgents[0].id", equalTo("agent_email_campaign_agent"))
                .body("selectedAgents[0].name", equalTo("email-campaign-agent"))
                .body("selectedAgents[0].vertical", equalTo("marketing"))
                .body("selectedAgents[0].estimatedCost", equalTo(0.2f))
                .body("selectedAgents[0].confidence", equalTo(0.92f))
                .body("rejectedAgents[0].name", equalTo("rejected-agent"))
                .body("rejectedAgents[0].reason", equalTo("confidence 0.41 is below minConfidence 0.7"))
                .body("steps", hasSize(1))
                .body("steps[0].stepId", matchesPattern("step_[a-z0-9]{16}"))
                .body("steps[0].agentId", equalTo("agent_email_campaign_agent"))
                .body("steps[0].agentName", equalTo("email-campaign-agent"))
                .body("steps[0].status", equalTo("COMPLETED"))
                .body("steps[0].startedAt", notNullValue())
                .body("steps[0].completedAt", notNullValue())
                .body("steps[0].durationMs", notNullValue())
                .body("steps[0].cost", equalTo(0.2f))
                .body("steps[0].output.agent", equalTo("email-campaign-agent"))
                .body("steps[0].error", nullValue())
                .body("result.email-campaign-agent.agent", equalTo("email-campaign-agent"))
                .body("estimatedCost", equalTo(0.22f))
                .body("actualCost", equalTo(0.22f))
                .body("estimatedDuration", equalTo(10))
                .body("createdAt", notNullValue())
                .body("startedAt", notNullValue())
                .body("completedAt", notNullValue())
                .body("error", nullValue());
    }

    @Test
    void anUnknownExecutionIsNotFound() {
        as(TestCallers.sandbox()).when().get("/v1/executions/exec_doesnotexist0000").then()
                .statusCode(404)
                .body("error", equalTo("NOT_FOUND"))
                .body("message", equalTo("Execution exec_doesnotexist0000 not found"))
                .body("requestId", notNullValue());
    }

    @Test
    void anotherAccountsExecutionIsNotFoundAndNotListed() {
        Caller owner = TestCallers.sandbox();
        String id = quick(owner);
        Caller stranger = TestCallers.sandbox();

        as(stranger).when().get("/v1/executions/" + id).then()
                .statusCode(404).body("error", equalTo("NOT_FOUND"));
        as(stranger).when().get("/v1/executions").then()
                .statusCode(200).body("data", hasSize(0)).body("pagination.total", equalTo(0));
    }

    @Test
    void readingExecutionsNeedsCallerIdentity() {
        given().when().get("/v1/executions").then().statusCode(401).body("error", equalTo("UNAUTHORIZED"));
    }

    @Test
    void theListIsPagedNewestFirstByDefault() {
        Caller caller = TestCallers.sandbox();
        String oldest = quick(caller);
        String middle = quick(caller);
        String newest = quick(caller);

        as(caller).when().get("/v1/executions?limit=2").then()
                .statusCode(200)
                .body("data.executionId", equalTo(List.of(newest, middle)))
                .body("pagination.page", equalTo(1))
                .body("pagination.limit", equalTo(2))
                .body("pagination.total", equalTo(3))
                .body("pagination.pages", equalTo(2))
                .body("pagination.hasNext", equalTo(true))
                .body("pagination.hasPrev", equalTo(false));
        as(caller).when().get("/v1/executions?limit=2&page=2").then()
                .statusCode(200)
                .body("data.executionId", equalTo(List.of(oldest)))
                .body("pagination.hasNext", equalTo(false))
                .body("pagination.hasPrev", equalTo(true));
        as(caller).when().get("/v1/executions?sort=createdAt").then()
                .statusCode(200)
                .body("data.executionId", equalTo(List.of(oldest, middle, newest)));
    }

    @Test
    void theListFiltersByStatusVerticalAndDates() {
        Caller caller = TestCallers.sandbox();
        String marketing = quick(caller);
        String finance = executions.accept(caller, ExecutionMode.PARALLEL, AggregationStrategy.MERGE, List.of(
                TestAgents.agent("report-agent", "finance", List.of(), List.of(), 10, 0.0, "0.9")));
        awaitFinished(caller, marketing);
        awaitFinished(caller, finance);
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        String tomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(1).toString();
        String yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1).toString();

        as(caller).when().get("/v1/executions?vertical=finance").then()
                .statusCode(200).body("data.executionId", equalTo(List.of(finance)))
                .body("data[0].verticals", equalTo(List.of("finance")));
        as(caller).when().get("/v1/executions?status=COMPLETED&sort=createdAt").then()
                .statusCode(200).body("data.executionId", equalTo(List.of(marketing, finance)));
        as(caller).when().get("/v1/executions?status=FAILED").then()
                .statusCode(200).body("pagination.total", equalTo(0));
        as(caller).when().get("/v1/executions?startDate=" + today + "&endDate=" + today).then()
                .statusCode(200).body("pagination.total", equalTo(2));
        as(caller).when().get("/v1/executions?startDate=" + tomorrow).then()
                .statusCode(200).body("pagination.total", equalTo(0));
        as(caller).when().get("/v1/executions?endDate=" + yesterday).then()
                .statusCode(200).body("pagination.total", equalTo(0));
        as(caller).when().get("/v1/executions?startDate=" + today + "T00:00:00Z").then()
                .statusCode(200).body("pagination.total", equalTo(2));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "page=0                                | page",
            "page=first                            | page",
            "limit=0                               | limit",
            "limit=101                             | limit",
            "limit=ten                             | limit",
            "status=DONE                           | status",
            "sort=query                            | sort",
            "sort=-cost                            | sort",
            "startDate=yesterday                   | startDate",
            "endDate=2025-13-45                    | endDate",
            "startDate=2025-11-10&endDate=2025-11-01 | endDate"})
    void badListParametersAreRefusedNamingTheirField(String query, String field) {
        as(TestCallers.sandbox()).when().get("/v1/executions?" + query).then()
                .statusCode(400)
                .body("error", equalTo("INVALID_REQUEST"))
                .body("field", equalTo(field))
                .body("message", notNullValue())
                .body("requestId", notNullValue());
    }

    private String quick(Caller caller) {
        return executions.accept(caller, ExecutionMode.PARALLEL, AggregationStrategy.MERGE,
                List.of(TestAgents.simulated("quick", "0.9", 10)));
    }
}
