package io.keel.strategy.app;

import io.keel.strategy.app.signals.SignalService;
import io.keel.strategy.app.support.Api;
import io.keel.strategy.app.support.Defs;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.Map;

import static io.keel.common.testing.Keys.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

/** The sample data ends on Friday 2025-09-26. */
@QuarkusTest
class SignalsTest {

    static final LocalDate LAST_CLOSE = LocalDate.parse("2025-09-26");

    @Inject
    SignalService signals;

    private static void activate(String name) {
        given().contentType(ContentType.JSON).body(Map.of("active", true)).put("/api/v1/definitions/" + name + "/active")
                .then().statusCode(200);
    }

    @Test
    void freshData_emitsOneSignalPerDefinitionAndDay_idempotently() {
        Api.createDefinition(Defs.json("level63", "signal-63"));
        Api.createDefinition(Defs.json("level70-ew", "signal-inactive"));
        activate("signal-63");

        SignalService.JobOutcome first = signals.run(LAST_CLOSE, null);
        assertThat(first.emitted()).isGreaterThanOrEqualTo(1);
        given().get("/api/v1/definitions/signal-63/signals/latest").then().statusCode(200)
                .body("status", equalTo("EMITTED"))
                .body("asOf", equalTo("2025-09-26"))
                .body("nextSession", equalTo("2025-09-29"))
                .body("snapshotId", equalTo(3))
                .body("weights.SPY", notNullValue())
                .body("leverage", notNullValue())
                .body("diagnostics.keySet()", hasItem("vol_ann"));

        SignalService.JobOutcome again = signals.run(LAST_CLOSE, null);
        assertThat(again.emitted()).isZero();
        assertThat(again.unchanged()).isGreaterThanOrEqualTo(1);
        given().get("/api/v1/definitions/signal-63/signals").then().statusCode(200).body("size()", equalTo(1));
        given().get("/api/v1/definitions/signal-inactive/signals").then().statusCode(200).body("size()", equalTo(0));
        given().get("/api/v1/definitions/signal-inactive/signals/latest").then().statusCode(404);
        given().get("/api/v1/signals/latest").then().statusCode(200).body("definition", hasItem("signal-63"));
    }

    @Test
    void staleData_emitsNoSignal_recordsItAsStale_andAlertsThroughMetrics() {
        Api.createDefinition(Defs.json("level70-ew", "signal-stale"));
        activate("signal-stale");
        LocalDate monday = LocalDate.parse("2025-09-29");
        SignalService.JobOutcome out = signals.run(monday, null);
        assertThat(out.stale()).isGreaterThanOrEqualTo(1);
        given().get("/api/v1/definitions/signal-stale/signals").then().statusCode(200)
                .body("size()", equalTo(1))
                .body("[0].status", equalTo("STALE"))
                .body("[0].asOf", equalTo("2025-09-29"))
                .body("[0].dataAsOf", equalTo("2025-09-26"))
                .body("[0].reason", containsString("stale"));
        given().get("/api/v1/definitions/signal-stale/signals/latest").then().statusCode(404);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("keel_signals_stale_total{definition=\"signal-stale\"} 1.0"))
                .body(containsString("keel_signal_stale{definition=\"signal-stale\"} 1.0"));
        // a second firing the same day records nothing new
        signals.run(monday, null);
        given().get("/api/v1/definitions/signal-stale/signals").then().body("size()", equalTo(1));
    }

    @Test
    void runEndpoint_runsTheJobNow_forOperators_only() {
        io.restassured.RestAssured.given().header("X-API-Key", io.keel.common.testing.Keys.VIEWER)
                .when().post("/api/v1/signals/run").then().statusCode(403);
        given().when().post("/api/v1/signals/run").then().statusCode(200)
                .body("expectedAsOf", org.hamcrest.Matchers.notNullValue())
                .body("jobRunId", org.hamcrest.Matchers.greaterThan(0));
    }
}
