package io.keel.strategy.app;

import io.keel.common.testing.Keys;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.util.Map;

/** With KEEL_READ_POLICY=viewer, reads need a key with the viewer role; with KEEL_METRICS_POLICY=viewer, metrics too; probes stay open. */
@QuarkusTest
@TestProfile(ReadPolicyViewerTest.ViewerReads.class)
class ReadPolicyViewerTest {

    public static class ViewerReads implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.auth.permission.reads.policy", "viewer",
                    "quarkus.http.auth.permission.metrics.policy", "viewer");
        }
    }

    @Test
    void reads_needTheViewerRole() {
        Keys.anonymous().when().get("/api/v1/definitions").then().statusCode(401).contentType("application/problem+json");
        RestAssured.given().header("X-API-Key", "keel_unknown").when().get("/api/v1/plugins").then().statusCode(401);
        RestAssured.given().header("X-API-Key", Keys.VIEWER).when().get("/api/v1/definitions").then().statusCode(200);
        RestAssured.given().header("X-API-Key", Keys.ADMIN).when().get("/api/v1/runs/999999").then().statusCode(404);
    }

    @Test
    void probesStayOpen_andMetricsNeedAViewerKey_withKEEL_METRICS_POLICY_viewer() {
        Keys.anonymous().when().get("/q/health/ready").then().statusCode(200);
        Keys.anonymous().when().get("/q/health/live").then().statusCode(200);
        Keys.anonymous().when().get("/q/metrics").then().statusCode(401);
        RestAssured.given().header("Authorization", "Bearer " + Keys.VIEWER).when().get("/q/metrics").then().statusCode(200);
    }
}
