package io.keel.strategy.app;

import io.keel.calendar.TradingCalendar;
import io.keel.strategy.app.signals.SignalService;
import io.keel.strategy.app.support.Api;
import io.keel.strategy.app.support.Defs;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.Map;

import static io.keel.common.testing.Keys.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

/**
 * Signals are always visible for an active definition with data, with their freshness. The sample data
 * ends on Friday 2025-09-26, so a signal read now (the test clock is after that) is STALE; the job can be
 * run for a pinned expected day.
 */
@QuarkusTest
class SignalsTest {

    static final LocalDate LAST_CLOSE = LocalDate.parse("2025-09-26");

    @Inject
    SignalService signals;

    private static void activate(String name, boolean active) {
        given().contentType(ContentType.JSON).body(Map.of("active", active)).put("/api/v1/definitions/" + name + "/active")
                .then().statusCode(200);
    }

    @Test
    void activeDefinition_hasALatestSignal_beforeAnyJobRan_STALE_withItsWeightsAndTheReason() {
        Api.createDefinition(Defs.json("level63", "vis-63"));
        activate("vis-63", true);
        LocalDate expected = signals.expectedAsOf();
        int behind = TradingCalendar.nyse().tradingDaysBetween(LAST_CLOSE, expected);
        assertThat(behind).as("the test clock is after the sample data").isPositive();

        given().get("/api/v1/definitions/vis-63/signals/latest").then().statusCode(200)
                .body("definition", equalTo("vis-63"))
                .body("version", equalTo(1))
                .body("status", equalTo("STALE"))
                .body("asOf", equalTo("2025-09-26"))
                .body("dataAsOf", equalTo("2025-09-26"))
                .body("nextSession", equalTo("2025-09-29"))
                .body("expectedAsOf", equalTo(expected.toString()))
                .body("tradingDaysBehind", equalTo(behind))
                .body("reason", containsString("ends on 2025-09-26"))
                .body("reason", containsString(behind + " trading days behind"))
                // a stale signal keeps its weights, leverage and diagnostics
                .body("weights.SPY", notNullValue())
                .body("leverage", notNullValue())
                .body("diagnostics.keySet()", hasItem("vol_ann"))
                // the reference prices: the closes of the signal's day, from the same snapshot
                .body("prices.SPY", equalTo(661.82f))
                .body("snapshotId", equalTo(3));
        given().get("/api/v1/signals/latest").then().statusCode(200)
                .body("find { it.definition == 'vis-63' }.status", equalTo("STALE"))
                .body("find { it.definition == 'vis-63' }.tradingDaysBehind", equalTo(behind));
        // stored once: a second read serves the same signal
        given().get("/api/v1/definitions/vis-63/signals").then().statusCode(200).body("size()", equalTo(1));
        activate("vis-63", false);
    }

    @Test
    void latestSignal_is404_onlyWhereThereIsNothingToCompute_sayingWhich() {
        given().get("/api/v1/definitions/no-such-definition/signals/latest").then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("no definition named 'no-such-definition'"));
        Api.createDefinition(Defs.json("level70-ew", "vis-inactive"));
        given().get("/api/v1/definitions/vis-inactive/signals/latest").then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("is not active"));
        // active, but no data from its start on: nothing to compute
        Api.createDefinition(Defs.json("level70-ew", "vis-nodata", n -> n.put("start", "2026-06-01")));
        activate("vis-nodata", true);
        given().get("/api/v1/definitions/vis-nodata/signals/latest").then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("cannot be computed"));
        given().get("/api/v1/signals/latest").then().statusCode(200).body("definition", org.hamcrest.Matchers.not(hasItem("vis-nodata")));
        activate("vis-nodata", false);
    }

    @Test
    void job_onDataForTheExpectedDay_storesOneFreshSignalPerDefinitionVersionAndClose_idempotently() {
        Api.createDefinition(Defs.json("level63", "signal-63"));
        activate("signal-63", true);

        SignalService.JobOutcome first = signals.run(LAST_CLOSE, null);
        assertThat(first.definitions()).anySatisfy(d -> {
            assertThat(d.definition()).isEqualTo("signal-63");
            assertThat(d.status()).isEqualTo("FRESH");
            assertThat(d.tradingDaysBehind()).isZero();
        });
        given().get("/api/v1/definitions/signal-63/signals").then().statusCode(200)
                .body("size()", equalTo(1))
                .body("[0].status", equalTo("FRESH"))
                .body("[0].asOf", equalTo("2025-09-26"))
                .body("[0].nextSession", equalTo("2025-09-29"))
                .body("[0].weights.SPY", notNullValue());

        SignalService.JobOutcome again = signals.run(LAST_CLOSE, null);
        assertThat(again.definitions()).anySatisfy(d -> {
            assertThat(d.definition()).isEqualTo("signal-63");
            assertThat(d.stored()).isEqualTo("EXISTING");
        });
        given().get("/api/v1/definitions/signal-63/signals").then().statusCode(200).body("size()", equalTo(1));
        activate("signal-63", false);
    }

    @Test
    void job_firedTwiceForOneTick_runsOnce_theOtherFiringSkipsIt() throws Exception {
        // Quartz's cluster may fire a tick again on another node (recovery of a node it took for dead);
        // whichever firing records the tick first is the only one that runs.
        java.time.Instant tick = java.time.Instant.parse("2031-01-02T21:30:00Z");
        java.util.List<SignalService.JobOutcome> outcomes =
                io.keel.common.testing.Concurrent.all(4, i -> () -> signals.run(LAST_CLOSE, tick));
        assertThat(outcomes.stream().filter(o -> o.jobRunId() != 0)).as("firings that ran the tick").hasSize(1);
        assertThat(outcomes.stream().filter(o -> o.jobRunId() == 0))
                .as("firings that found the tick taken").hasSize(3)
                .allSatisfy(o -> assertThat(o.definitions()).isEmpty());
        // a different tick runs again
        assertThat(signals.run(LAST_CLOSE, tick.plusSeconds(2)).jobRunId()).isNotZero();
    }

    @Test
    void job_onStaleData_storesTheSignalWithItsWeights_countsItStale_andMetricsShowHowFarBehind() {
        Api.createDefinition(Defs.json("level70-ew", "signal-stale"));
        activate("signal-stale", true);
        LocalDate monday = LocalDate.parse("2025-09-29");
        SignalService.JobOutcome out = signals.run(monday, null);
        assertThat(out.stale()).isGreaterThanOrEqualTo(1);
        assertThat(out.definitions()).anySatisfy(d -> {
            assertThat(d.definition()).isEqualTo("signal-stale");
            assertThat(d.status()).isEqualTo("STALE");
            assertThat(d.tradingDaysBehind()).isEqualTo(1);
            assertThat(d.detail()).contains("1 trading day behind");
        });
        given().get("/api/v1/definitions/signal-stale/signals").then().statusCode(200)
                .body("size()", equalTo(1))
                .body("[0].status", equalTo("STALE"))
                .body("[0].asOf", equalTo("2025-09-26"))
                .body("[0].expectedAsOf", equalTo("2025-09-29"))
                .body("[0].tradingDaysBehind", equalTo(1))
                .body("[0].weights.SPY", notNullValue())
                .body("[0].reason", containsString("close of 2025-09-29 is expected"));
        int behindNow = TradingCalendar.nyse().tradingDaysBetween(LAST_CLOSE, signals.expectedAsOf());
        Response metrics = given().get("/q/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.asString())
                .contains("keel_signals_stale_total{definition=\"signal-stale\"} 1.0")
                .contains("keel_signal_stale{definition=\"signal-stale\"} 1.0")
                .contains("keel_signal_trading_days_behind{definition=\"signal-stale\"} " + behindNow + ".0")
                .containsPattern("keel_signal_leverage\\{definition=\"signal-stale\"} [0-9.]+");
        // a second firing the same day stores nothing new
        signals.run(monday, null);
        given().get("/api/v1/definitions/signal-stale/signals").then().body("size()", equalTo(1));
        activate("signal-stale", false);
    }

    @Test
    void newVersion_ofAnActiveDefinition_getsASignalOfItsOwn() {
        Api.createDefinition(Defs.json("level70-ew", "signal-versions"));
        activate("signal-versions", true);
        given().get("/api/v1/definitions/signal-versions/signals/latest").then().statusCode(200).body("version", equalTo(1));
        given().contentType(ContentType.JSON).body(Defs.json("level70-ew", "signal-versions", n -> n.put("description", "v2")))
                .put("/api/v1/definitions/signal-versions").then().statusCode(200);
        given().get("/api/v1/definitions/signal-versions/signals/latest").then().statusCode(200).body("version", equalTo(2));
        given().get("/api/v1/definitions/signal-versions/signals").then().statusCode(200).body("size()", equalTo(2));
        activate("signal-versions", false);
    }

    @Test
    void runEndpoint_runsTheJobNow_forOperators_only_andSaysWhyEachSignalIsStale() {
        io.restassured.RestAssured.given().header("X-API-Key", io.keel.common.testing.Keys.VIEWER)
                .when().post("/api/v1/signals/run").then().statusCode(403);
        Api.createDefinition(Defs.json("level70-ew", "signal-run-now"));
        activate("signal-run-now", true);
        given().when().post("/api/v1/signals/run").then().statusCode(200)
                .body("expectedAsOf", equalTo(signals.expectedAsOf().toString()))
                .body("jobRunId", greaterThan(0))
                .body("stale", greaterThan(0))
                .body("definitions.find { it.definition == 'signal-run-now' }.status", equalTo("STALE"))
                .body("definitions.find { it.definition == 'signal-run-now' }.detail", containsString("ends on 2025-09-26"));
        activate("signal-run-now", false);
    }
}
