package io.mindmesh.gateway;

import static io.mindmesh.gateway.GatewayTestResources.newAccount;
import static io.mindmesh.gateway.GatewayTestResources.newKey;
import static io.mindmesh.gateway.GatewayTestResources.operatorToken;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mindmesh.gateway.routing.Route;
import io.mindmesh.gateway.routing.Routes;
import io.mindmesh.testing.KeycloakResource;
import io.mindmesh.testing.PostgresResource;
import io.mindmesh.testing.RedisResource;
import io.quarkus.arc.Arc;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The route table and what serves it agree: every path a JAX-RS resource serves is a row, and every
 * row reaches a resource or the forward (routing.Proxy, which takes its rows from the table at run
 * time and so serves nothing outside it; with no service behind these tests, a forward answers 503).
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "gateway"))
@QuarkusTestResource(KeycloakResource.class)
@QuarkusTestResource(RedisResource.class)
class RouteTableCoverageTest {

    @Test
    void everyPathAResourceServesIsInTheTable() {
        List<String> served = new ArrayList<>();
        for (Bean<?> bean : Arc.container().beanManager().getBeans(Object.class, Any.Literal.INSTANCE)) {
            Class<?> type = bean.getBeanClass();
            Path classPath = type.getAnnotation(Path.class);
            if (classPath == null || !type.getPackageName().startsWith("io.mindmesh.gateway")) {
                continue;
            }
            for (Method method : type.getMethods()) {
                Optional<String> verb = httpMethod(method);
                if (verb.isEmpty()) {
                    continue;
                }
                Path methodPath = method.getAnnotation(Path.class);
                String template = join(classPath.value(), methodPath == null ? "" : methodPath.value());
                if (template.contains(":")) {
                    continue;
                }
                served.add(verb.get() + " " + template);
                Optional<Route> route = Routes.match(verb.get(), template.replaceAll("\\{[^}]+}", "x1"));
                assertTrue(route.isPresent(), verb.get() + " " + template + " is served but not in the route table");
                assertEquals(template.replaceAll("\\{[^}]+}", "{}"), route.get().template().replaceAll("\\{[^}]+}", "{}"),
                        verb.get() + " " + template + " is taken by another row");
            }
        }
        assertTrue(served.contains("GET /developer/v2/apps/load") && served.contains("GET /health"),
                "the scan found the resources: " + served);
    }

    @Test
    void everyRowReachesAResource() {
        String key = newKey(newAccount("enterprise"), "live");
        String operator = operatorToken();
        for (Route route : Routes.all()) {
            String method = route.methods().isEmpty() ? "GET" : route.methods().iterator().next();
            String path = route.template().replaceAll("\\{[^}]+}", "x1").replace("**", "x1");
            RequestSpecification request = given();
            if (route.auth() == Route.Auth.API_KEY) {
                request = request.auth().oauth2(key);
            } else if (route.auth() == Route.Auth.OPERATOR) {
                request = request.auth().oauth2(operator);
            }
            ExtractableResponse<Response> answer = request.when().request(method, path).then().extract();
            String what = method + " " + path + " answered " + answer.statusCode() + " " + answer.body().asString();
            assertFalse(answer.statusCode() == 405, what);
            assertFalse(answer.statusCode() == 404 && "Resource not found".equals(answer.path("message")), what);
            assertFalse(answer.statusCode() == 401 || answer.statusCode() == 403, what);
        }
    }

    private static Optional<String> httpMethod(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod verb = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (verb != null) {
                return Optional.of(verb.value());
            }
        }
        return Optional.empty();
    }

    private static String join(String classPath, String methodPath) {
        String joined = ("/" + classPath + "/" + methodPath).replaceAll("/+", "/");
        return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
    }
}
