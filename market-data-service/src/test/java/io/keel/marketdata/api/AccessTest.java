package io.keel.marketdata.api;

import io.keel.common.testing.Keys;
import io.keel.marketdata.TestSupport;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.Matchers.equalTo;

/** Snapshots and imports need the operator role; reads, health and metrics are open (issue 8). */
@QuarkusTest
class AccessTest {

    static final String CSV = "date,open,high,low,close,adj_close,volume\n2024-01-02,10,11,9,10.5,10.5,100\n2024-01-03,10.5,11,10,10.8,10.8,120\n";

    @Inject
    TestSupport support;

    @BeforeEach
    void reset() throws Exception {
        support.reset();
    }

    @Test
    void snapshotsAndImports_needAnOperatorKey() {
        Keys.anonymous().contentType("application/json").body("{\"symbols\":[\"SPY\"]}").when().post("/api/v1/snapshots")
                .then().statusCode(401).contentType("application/problem+json").body("status", equalTo(401));
        RestAssured.given().header("X-API-Key", Keys.VIEWER).contentType("text/csv").body(CSV).queryParam("symbol", "ABC")
                .when().post("/api/v1/imports/csv").then().statusCode(403).contentType("application/problem+json");
        RestAssured.given().header("X-API-Key", "keel_wrong").contentType("text/csv").body(CSV).queryParam("symbol", "ABC")
                .when().post("/api/v1/imports/csv").then().statusCode(401);
        Keys.anonymous().when().get("/api/v1/snapshots").then().statusCode(200);

        RestAssured.given().header("X-API-Key", Keys.OPERATOR).contentType("text/csv").body(CSV).queryParam("symbol", "ABC")
                .when().post("/api/v1/imports/csv").then().statusCode(201);
        Keys.anonymous().queryParam("symbols", "ABC").when().get("/api/v1/prices").then().statusCode(200);
    }

    @Test
    void healthAndMetrics_stayOpen() {
        Keys.anonymous().when().get("/q/health/ready").then().statusCode(200);
        Keys.anonymous().when().get("/q/metrics").then().statusCode(200);
    }
}
