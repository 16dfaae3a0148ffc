package io.keel.strategy.app;

import io.keel.strategy.app.support.Api;
import io.keel.strategy.app.support.Defs;
import io.keel.common.testing.Keys;
import io.keel.strategy.app.support.MarketDataStubResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** Who may do what (issue 8): writes need operator, deletes and plugin reloads admin; reads and /q/* are open. */
@QuarkusTest
class AccessTest {

    @Test
    void writes_areRefused_withoutAKey_as401ProblemWithChallenge() {
        var challenges = Keys.anonymous().contentType("application/json").body(Defs.json("level70-ew", "access-anon"))
                .when().post("/api/v1/definitions")
                .then().statusCode(401).contentType("application/problem+json")
                .body("status", equalTo(401)).body("detail", containsString("API key"))
                .extract().headers().getValues("WWW-Authenticate");
        assertThat(challenges).containsExactlyInAnyOrder("Bearer realm=\"keel\"", "Basic realm=\"keel\"");
        Keys.anonymous().when().get("/api/v1/definitions/access-anon").then().statusCode(404);
    }

    @Test
    void unknownKey_isRefused_as401() {
        RestAssured.given().header("X-API-Key", "keel_not-a-key").contentType("application/json")
                .body(Defs.json("level70-ew", "access-bad")).when().post("/api/v1/definitions")
                .then().statusCode(401).contentType("application/problem+json").body("detail", containsString("not valid"));
        RestAssured.given().header("Authorization", "Bearer nope").contentType("application/json")
                .body("{}").when().put("/api/v1/definitions/x/active")
                .then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void viewer_mayRead_butNotWrite_as403() {
        RestAssured.given().header("X-API-Key", Keys.VIEWER).contentType("application/json")
                .body(Defs.json("level70-ew", "access-viewer")).when().post("/api/v1/definitions")
                .then().statusCode(403).contentType("application/problem+json").body("status", equalTo(403));
        RestAssured.given().header("X-API-Key", Keys.VIEWER).when().get("/api/v1/definitions").then().statusCode(200);
    }

    @Test
    void operator_createsAndRuns_butOnlyAdmin_deletesOrReloadsPlugins() {
        RestAssured.given().header("Authorization", "Bearer " + Keys.OPERATOR).contentType("application/json")
                .body(Defs.json("level70-ew", "access-op")).when().post("/api/v1/definitions").then().statusCode(201);
        long run = RestAssured.given().header("X-API-Key", Keys.OPERATOR).contentType("application/json")
                .body(Map.of("snapshot", "latest")).when().post("/api/v1/definitions/access-op/runs")
                .then().statusCode(202).extract().jsonPath().getLong("id");
        assertThat(Api.await(run, Duration.ofSeconds(60)).jsonPath().getString("status")).isEqualTo("SUCCEEDED");

        RestAssured.given().header("X-API-Key", Keys.OPERATOR).when().delete("/api/v1/definitions/access-op")
                .then().statusCode(403).contentType("application/problem+json");
        RestAssured.given().header("X-API-Key", Keys.OPERATOR).when().post("/api/v1/plugins/reload")
                .then().statusCode(403);
        RestAssured.given().header("X-API-Key", Keys.ADMIN).when().post("/api/v1/plugins/reload").then().statusCode(200);
        RestAssured.given().header("X-API-Key", Keys.ADMIN).when().delete("/api/v1/definitions/access-op").then().statusCode(204);
    }

    @Test
    void basicAuth_withTheKeyAsPassword_authenticates() {
        RestAssured.given().auth().preemptive().basic("anyone", Keys.OPERATOR).contentType("application/json")
                .body(Defs.json("level70-ew", "access-basic")).when().post("/api/v1/definitions").then().statusCode(201);
        RestAssured.given().auth().preemptive().basic("anyone", "wrong").contentType("application/json")
                .body(Defs.json("level70-ew", "access-basic2")).when().post("/api/v1/definitions").then().statusCode(401);
    }

    @Test
    void healthAndMetrics_stayOpen() {
        Keys.anonymous().when().get("/q/health/ready").then().statusCode(200);
        Keys.anonymous().when().get("/q/metrics").then().statusCode(200);
        Keys.anonymous().when().get("/api/v1/plugins").then().statusCode(200).body("plugins.id", hasItem("hrp"));
    }

    @Test
    void serviceToService_presentsStrategyServicesOwnKey_toMarketData() {
        Keys.given().contentType("application/json").body(Defs.json("level70-ew", "access-s2s")).when()
                .post("/api/v1/definitions").then().statusCode(201);
        long run = Api.submit("access-s2s", Map.of("snapshot", "latest"));
        Api.await(run, Duration.ofSeconds(60));
        assertThat(MarketDataStubResource.stub().lastApiKey()).isEqualTo("test-strategy-service-key");
    }

    @Test
    void everyWrite_isAudited_withTheKeysName_inItsTransaction() {
        RestAssured.given().header("X-API-Key", Keys.OPERATOR).contentType("application/json")
                .body(Defs.json("level70-ew", "audit-me")).when().post("/api/v1/definitions").then().statusCode(201);
        RestAssured.given().header("X-API-Key", Keys.OPERATOR).contentType("application/json")
                .body(Defs.json("level70-ew", "audit-me")).when().put("/api/v1/definitions/audit-me").then().statusCode(200);
        RestAssured.given().header("X-API-Key", Keys.OPERATOR).contentType("application/json")
                .body(Map.of("active", true)).when().put("/api/v1/definitions/audit-me/active").then().statusCode(200);
        long run = RestAssured.given().header("X-API-Key", Keys.OPERATOR).contentType("application/json")
                .body(Map.of("snapshot", "latest")).when().post("/api/v1/definitions/audit-me/runs")
                .then().statusCode(202).extract().jsonPath().getLong("id");
        // a refused write leaves no trace
        RestAssured.given().header("X-API-Key", Keys.OPERATOR).when().delete("/api/v1/definitions/audit-me").then().statusCode(403);
        RestAssured.given().header("X-API-Key", Keys.ADMIN).when().delete("/api/v1/definitions/audit-me").then().statusCode(204);

        var events = Keys.anonymous().queryParam("definition", "audit-me").when().get("/api/v1/audit")
                .then().statusCode(200).extract().jsonPath();
        assertThat(events.getList("action", String.class)).containsExactly(
                "definition.deleted", "run.submitted", "definition.activated", "definition.updated", "definition.created");
        assertThat(events.getList("principal", String.class)).containsExactly(
                "test-admin", "test-operator", "test-operator", "test-operator", "test-operator");
        assertThat(events.getList("version", Integer.class)).containsExactly(2, 2, 2, 2, 1);
        assertThat(events.getLong("[1].runId")).isEqualTo(run);
        Keys.anonymous().queryParam("limit", 0).when().get("/api/v1/audit").then().statusCode(400).contentType("application/problem+json");
    }
}
