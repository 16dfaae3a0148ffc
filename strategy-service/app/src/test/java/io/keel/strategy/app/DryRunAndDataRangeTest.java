package io.keel.strategy.app;

import io.keel.strategy.app.support.Api;
import io.keel.strategy.app.support.Defs;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.keel.common.testing.Keys.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

/**
 * Issue 23: {@code ?dryRun=true} answers what create and update would answer (every problem at once) and stores
 * nothing; a run's start is checked against the dates its data covers; a run that cannot be computed says why in
 * domain words.
 */
@QuarkusTest
class DryRunAndDataRangeTest {

    private static int auditEvents() {
        return given().get("/api/v1/audit?limit=1000").jsonPath().getList("$").size();
    }

    @Test
    void dryRunOfACreate_namesEveryProblemAtOnce_andStoresNothing() {
        int audited = auditEvents();
        String body = Defs.json("level70-ew", "dry-many", n -> {
            n.put("start", "2010-02-30");
            n.withObject("/rebalance").put("frequency", "FORTNIGHTLY");
            n.withObject("/semantics").put("executionLag", 9);
            n.withObject("/overlays/0/params").put("targetVol", -1);
            n.put("cashRate", "2%");
        });
        Response r = given().contentType(ContentType.JSON).body(body).post("/api/v1/definitions?dryRun=true");
        r.then().statusCode(400).contentType("application/problem+json");
        List<String> fields = r.jsonPath().getList("errors.field");
        assertThat(fields).as(r.asString()).contains("start", "rebalance.frequency", "semantics.executionLag",
                "overlays[0].params.targetVol", "cashRate");
        assertThat(r.jsonPath().getString("errors.find { it.field == 'rebalance.frequency' }.message"))
                .isEqualTo("must be one of DAILY, WEEKLY, MONTHLY, QUARTERLY, ANNUALLY, EVERY_N_DAYS, ONCE, got 'FORTNIGHTLY'");
        given().get("/api/v1/definitions/dry-many").then().statusCode(404);
        assertThat(auditEvents()).isEqualTo(audited);
    }

    @Test
    void dryRunOfAValidCreate_is200WithTheDefinition_andStoresNothing() {
        int audited = auditEvents();
        given().contentType(ContentType.JSON).body(Defs.json("level70-ew", "dry-ok")).post("/api/v1/definitions?dryRun=true")
                .then().statusCode(200).body("name", equalTo("dry-ok")).body("version", equalTo(1))
                .body("stored", equalTo(false)).body("definition.weightScheme.id", equalTo("equal-weight"));
        given().get("/api/v1/definitions/dry-ok").then().statusCode(404);
        given().get("/api/v1/definitions").then().body("name", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem("dry-ok")));
        assertThat(auditEvents()).isEqualTo(audited);
    }

    @Test
    void dryRunOfAnUpdate_answersTheNextVersion_andStoresNothing_andAnExistingNameIs409() {
        Api.createDefinition(Defs.json("level70-ew", "dry-upd"));
        given().contentType(ContentType.JSON).body(Defs.json("level70-ew", "dry-upd", n -> n.put("description", "changed")))
                .put("/api/v1/definitions/dry-upd?dryRun=true").then().statusCode(200).body("version", equalTo(2))
                .body("definition.description", equalTo("changed"));
        given().get("/api/v1/definitions/dry-upd").then().statusCode(200).body("latestVersion", equalTo(1));
        given().contentType(ContentType.JSON).body(Defs.json("level70-ew", "DRY-UPD")).post("/api/v1/definitions?dryRun=true")
                .then().statusCode(409).body("detail", containsString("dry-upd"));
        given().contentType(ContentType.JSON).body(Defs.json("level70-ew", "dry-upd")).put("/api/v1/definitions/dry-none?dryRun=true")
                .then().statusCode(400).body("errors[0].field", equalTo("name"));
        given().contentType(ContentType.JSON).body(Defs.json("level70-ew", "dry-none")).put("/api/v1/definitions/dry-none?dryRun=true")
                .then().statusCode(404);
        given().contentType(ContentType.JSON).body(Defs.json("level70-ew", "dry-upd")).put("/api/v1/definitions/dry-upd?dryRun=maybe")
                .then().statusCode(400).body("errors[0].field", equalTo("dryRun"));
    }

    @Test
    void dryRun_needsTheOperatorRole() {
        io.keel.common.testing.Keys.anonymous().header("X-API-Key", io.keel.common.testing.Keys.VIEWER).contentType(ContentType.JSON)
                .body(Defs.json("level70-ew", "dry-viewer")).post("/api/v1/definitions?dryRun=true").then().statusCode(403);
    }

    @Test
    void aStartAfterTheDatasLastDate_isRefusedAtSubmission_withTheDataRange() {
        Api.createDefinition(Defs.json("level70-ew", "range-late", n -> n.put("start", "2031-01-02")));
        given().contentType(ContentType.JSON).body(Map.of()).post("/api/v1/definitions/range-late/runs").then()
                .statusCode(422).contentType("application/problem+json").body("errors[0].field", equalTo("start"))
                .body("errors[0].message", containsString("2025-09-26")).body("errors[0].message", containsString("2031-01-02"));
        given().get("/api/v1/runs?definition=range-late").then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void aStartBeforeTheDatasFirstDate_runs_andTheRunSaysWhichStartWasUsed() {
        Api.createDefinition(Defs.json("level70-ew", "range-early", n -> n.put("start", "1950-01-03")));
        long id = Api.submit("range-early", Map.of());
        Response run = Api.await(id, Duration.ofSeconds(60));
        assertThat(run.jsonPath().getString("status")).as(run.asString()).isEqualTo("SUCCEEDED");
        assertThat(run.jsonPath().getString("note")).startsWith("start 1950-01-03 is before the first date of the data (")
                .contains("the run uses the data from ");
        Api.createDefinition(Defs.json("level70-ew", "range-inside", n -> n.put("start", "2015-01-02")));
        Response inside = Api.await(Api.submit("range-inside", Map.of()), Duration.ofSeconds(60));
        assertThat(inside.jsonPath().getString("note")).as(inside.asString()).isNull();
        given().get("/api/v1/runs?definition=range-early").then().body("note", hasItems(run.jsonPath().getString("note")));
    }

    @Test
    void aRunWithTooLittleHistory_failsWithTheReasonInDomainWords() {
        Api.createDefinition(Defs.json("level70-hrp", "short-hrp", n -> n.put("start", "2025-09-01")));
        Response run = Api.await(Api.submit("short-hrp", Map.of()), Duration.ofSeconds(60));
        assertThat(run.jsonPath().getString("status")).isEqualTo("FAILED");
        assertThat(run.jsonPath().getString("error")).as(run.asString())
                .startsWith("definition cannot be computed on snapshot latest: the weight scheme 'hrp' never had enough history")
                .doesNotContain("java.", "Exception", "io.keel");
    }
}
