package io.mindmesh.registry.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.notNullValue;

import io.mindmesh.testing.PostgresResource;
import io.mindmesh.testing.ServiceAuthenticationProfile;
import io.mindmesh.testing.ServiceTokenChecks;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/** Only MindMesh services, with a Keycloak token carrying the realm role {@code service}, may call the registry. */
@QuarkusTest
@TestProfile(ServiceAuthenticationProfile.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "registry"))
class ServiceAuthenticationTest extends ServiceTokenChecks {

    @Override
    protected RequestSpecification caller() {
        return given();
    }

    @Override
    protected String protectedPath() {
        return "/v1/agents";
    }

    @Override
    protected void assertServed(ValidatableResponse response) {
        response.body("pagination", notNullValue());
    }
}
