package io.keel.strategy.app;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keel.strategy.app.support.Defs;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static io.keel.common.testing.Keys.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

@QuarkusTest
class DefinitionsApiTest {

    private static Response post(String body) {
        return given().contentType(ContentType.JSON).body(body).when().post("/api/v1/definitions");
    }

    @Test
    void createReadUpdateListAndDelete_keepEveryVersion() {
        String name = "crud-ew";
        post(Defs.json("level70-ew", name)).then().statusCode(201)
                .header("Location", containsString("/api/v1/definitions/" + name))
                .body("name", equalTo(name)).body("version", equalTo(1)).body("active", equalTo(false))
                .body("definition.weightScheme.id", equalTo("equal-weight"));

        given().get("/api/v1/definitions/" + name).then().statusCode(200)
                .body("version", equalTo(1)).body("definition.universe[0]", equalTo("SPY"));

        given().contentType(ContentType.JSON)
                .body(Defs.json("level70-ew", name, n -> ((ObjectNode) n.get("weightScheme").get("params")).put("minHistory", 60)))
                .put("/api/v1/definitions/" + name).then().statusCode(200)
                .body("version", equalTo(2)).body("latestVersion", equalTo(2))
                .body("definition.weightScheme.params.minHistory", equalTo(60));

        given().get("/api/v1/definitions/" + name + "?version=1").then().statusCode(200)
                .body("version", equalTo(1)).body("definition.weightScheme.params.minHistory", equalTo(126));
        given().get("/api/v1/definitions/" + name).then().statusCode(200)
                .body("version", equalTo(2)).body("definition.weightScheme.params.minHistory", equalTo(60));
        given().get("/api/v1/definitions/" + name + "/versions").then().statusCode(200)
                .body("version", equalTo(List.of(1, 2)));
        given().get("/api/v1/definitions/" + name + "?version=3").then().statusCode(404)
                .contentType("application/problem+json");
        given().get("/api/v1/definitions").then().statusCode(200).body("name", hasItem(name));

        given().contentType(ContentType.JSON).body(Map.of("active", true)).put("/api/v1/definitions/" + name + "/active")
                .then().statusCode(200).body("active", equalTo(true));
        given().get("/api/v1/definitions?active=true").then().statusCode(200).body("name", hasItem(name));

        given().delete("/api/v1/definitions/" + name).then().statusCode(204);
        given().get("/api/v1/definitions/" + name).then().statusCode(404).contentType("application/problem+json");
        given().get("/api/v1/definitions").then().statusCode(200).body("name", not(hasItem(name)));
        given().delete("/api/v1/definitions/" + name).then().statusCode(404);
        // the name is free again
        post(Defs.json("level70-ew", name)).then().statusCode(201).body("version", equalTo(1));
    }

    @Test
    void creatingAnExistingName_isAConflict() {
        post(Defs.json("level70-ew", "twice")).then().statusCode(201);
        post(Defs.json("level70-ew", "twice")).then().statusCode(409).contentType("application/problem+json");
    }

    /** issue 17: names that differ only by case both got created; they are one name now (409 naming the existing one). */
    @Test
    void namesAreUniqueRegardlessOfCase_butKeepTheirCase_andLookupsAreExact() {
        post(Defs.json("level70-ew", "Case-Name")).then().statusCode(201);
        post(Defs.json("level70-ew", "case-name")).then().statusCode(409).contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString("'Case-Name' exists"))
                .body("detail", org.hamcrest.Matchers.containsString("regardless of case"));
        post(Defs.json("level70-ew", "CASE-NAME")).then().statusCode(409);
        given().get("/api/v1/definitions/Case-Name").then().statusCode(200).body("name", org.hamcrest.Matchers.equalTo("Case-Name"));
        given().get("/api/v1/definitions/case-name").then().statusCode(404);
        // a deleted definition frees its name in every case
        given().delete("/api/v1/definitions/Case-Name").then().statusCode(204);
        post(Defs.json("level70-ew", "case-name")).then().statusCode(201);
    }

    @Test
    void updatingUnderAnotherName_orAMissingDefinition_isRejected() {
        post(Defs.json("level70-ew", "rename-me")).then().statusCode(201);
        given().contentType(ContentType.JSON).body(Defs.json("level70-ew", "other-name"))
                .put("/api/v1/definitions/rename-me").then().statusCode(400).body("errors.field", hasItem("name"));
        given().contentType(ContentType.JSON).body(Defs.json("level70-ew", "ghost"))
                .put("/api/v1/definitions/ghost").then().statusCode(404);
        given().contentType(ContentType.JSON).body("{}").put("/api/v1/definitions/rename-me/active")
                .then().statusCode(400).body("errors.field", hasItem("active"));
    }

    /** A definition broken in one way, the field the answer must name, and what its message must say. */
    static Stream<Arguments> invalidDefinitions() {
        return Stream.of(
                bad("malformed JSON (truncated)", null, "universe", "ends before its object or list is closed"),
                bad("not an object", raw("[1,2]"), "$", ""),
                bad("unknown top-level field", n -> n.put("univers", 1), "univers", "unknown field"),
                bad("missing name", n -> n.remove("name"), "name", "letters"),
                bad("name with a space", n -> n.put("name", "bad name"), "name", "letters"),
                bad("empty universe", n -> n.putArray("universe"), "universe", "at least one"),
                bad("lower-case symbol", n -> ((ArrayNode) n.get("universe")).set(0, "spy"), "universe[0]", "not a valid symbol"),
                bad("duplicate symbol", n -> ((ArrayNode) n.get("universe")).set(1, "SPY"), "universe[1]", "duplicate"),
                bad("symbol unknown to market data", n -> ((ArrayNode) n.get("universe")).set(2, "ZZZZ"), "universe[2]", "unknown symbol"),
                bad("universe not an array", n -> n.put("universe", "SPY"), "universe", ""),
                bad("group member not in universe", n -> ((ArrayNode) n.get("groups").get("defensive")).add("XLE"), "groups.defensive[3]", "not in the universe"),
                bad("group name upper-case", n -> ((ObjectNode) n.get("groups")).putArray("Defensive").add("TLT"), "groups.Defensive", "lower-case"),
                bad("end before start", n -> n.put("end", "2009-01-01"), "end", "before start"),
                bad("start not a date", n -> n.put("start", "yesterday"), "start", ""),
                bad("unknown rebalance frequency", n -> ((ObjectNode) n.get("rebalance")).put("frequency", "HOURLY"), "rebalance.frequency", ""),
                bad("everyDays without EVERY_N_DAYS", n -> ((ObjectNode) n.get("rebalance")).put("everyDays", 5), "rebalance.everyDays", "only allowed"),
                bad("EVERY_N_DAYS without everyDays", n -> ((ObjectNode) n.get("rebalance")).put("frequency", "EVERY_N_DAYS"), "rebalance.everyDays", "between 1 and 2520"),
                bad("missing weight scheme", n -> n.remove("weightScheme"), "weightScheme", "required"),
                bad("unknown weight scheme", n -> ((ObjectNode) n.get("weightScheme")).put("id", "magic"), "weightScheme.id", "unknown weight scheme"),
                bad("overlay used as weight scheme", n -> ((ObjectNode) n.get("weightScheme")).put("id", "vol-target"), "weightScheme.id", "unknown weight scheme"),
                bad("unknown overlay", n -> ((ObjectNode) n.get("overlays").get(0)).put("id", "moon-phase"), "overlays[0].id", "unknown overlay"),
                bad("unknown parameter", n -> params(n, 0).put("targetVolatility", 0.1), "overlays[0].params.targetVolatility", "unknown parameter"),
                bad("parameter above max", n -> params(n, 0).put("targetVol", 5.0), "overlays[0].params.targetVol", "<= 2"),
                bad("parameter below min", n -> params(n, 0).put("lookbackDays", 1), "overlays[0].params.lookbackDays", ">= 2"),
                bad("integer parameter with fraction", n -> params(n, 0).put("lookbackDays", 60.5), "overlays[0].params.lookbackDays", "whole number"),
                bad("number parameter as string", n -> params(n, 0).put("targetVol", "high"), "overlays[0].params.targetVol", "must be a number"),
                bad("lev_min above lev_max", n -> params(n, 0).put("minLeverage", 3.0), "overlays[0].params.minLeverage", "must not exceed maxLeverage"),
                bad("drawdown threshold above full brake", n -> params(n, 1).put("threshold", 0.5), "overlays[1].params.threshold", "must not exceed fullBrakeAt"),
                bad("choice parameter outside choices", n -> params(n, 1).put("source", "moon"), "overlays[1].params.source", "must be one of"),
                bad("exposure limits inverted", n -> n.putObject("exposureLimits").put("min", 2.0).put("max", 1.0), "exposureLimits", "must not exceed max"),
                bad("exposure max too high", n -> n.putObject("exposureLimits").put("min", 0.0).put("max", 50.0), "exposureLimits.max", "<= 10"),
                bad("cash rate out of range", n -> n.put("cashRate", 3.0), "cashRate", "between -0.1 and 0.5"),
                bad("execution lag too large", n -> ((ObjectNode) n.get("semantics")).put("executionLag", 9), "semantics.executionLag", "between 0 and 5"),
                bad("unknown semantics value", n -> ((ObjectNode) n.get("semantics")).put("returns", "CONTINUOUS"), "semantics.returns", ""),
                bad("unknown seed script", n -> n.put("seedScript", "level99"), "seedScript", "must be one of"),
                bad("overlay without id", n -> ((ObjectNode) n.get("overlays").get(0)).remove("id"), "overlays[0].id", "required"),
                bad("null overlay", n -> ((ArrayNode) n.get("overlays")).addNull(), "overlays[2]", "must not be null"),
                bad("null symbol", n -> ((ArrayNode) n.get("universe")).addNull(), "universe[8]", "must not be null"),
                bad("description too long", n -> n.put("description", "x".repeat(2001)), "description", "2000"),
                bad("duplicate JSON key", raw("{\"name\":\"a\",\"name\":\"b\"}"), "name", "duplicate field 'name'"),
                bad("regime group missing", n -> n.putArray("overlays").addObject().put("id", "regime-risk-off")
                        .putObject("params").put("defensiveGroup", "bunker"), "overlays[0].params.defensiveGroup", "not defined"),
                bad("start before 1900", n -> n.put("start", "1800-01-02"), "start", "between 1900-01-01"),
                bad("end in the 23rd century", n -> n.put("end", "2250-01-02"), "end", "between 1900-01-01"),
                bad("universe of 1,001 symbols", n -> {
                    ArrayNode u = n.putArray("universe");
                    for (int i = 0; i < 1001; i++) {
                        u.add("S" + i);
                    }
                    n.remove("groups");
                }, "universe", "at most 1000 symbols"),
                bad("17 overlays", n -> {
                    ArrayNode o = n.putArray("overlays");
                    for (int i = 0; i < 17; i++) {
                        o.addObject().put("id", "transaction-costs");
                    }
                }, "overlays", "at most 16"));
    }

    private static ObjectNode params(ObjectNode n, int overlay) {
        return (ObjectNode) n.get("overlays").get(overlay).get("params");
    }

    private static Consumer<ObjectNode> raw(String body) {
        return n -> {
            n.removeAll();
            n.put("@raw", body);
        };
    }

    private static Arguments bad(String what, Consumer<ObjectNode> edit, String field, String message) {
        return Arguments.of(what, edit, field, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidDefinitions")
    void invalidDefinition_isAnswered400_namingTheField(String what, Consumer<ObjectNode> edit, String field, String message) {
        String body;
        if (edit == null) {
            body = "{\"name\": \"x\", \"universe\": [";
        } else {
            ObjectNode n = Defs.example("level70-ew");
            n.put("name", "invalid-def");
            edit.accept(n);
            body = n.has("@raw") ? n.get("@raw").asText() : n.toString();
        }
        Response r = post(body);
        r.then().contentType("application/problem+json");
        assertThat(r.statusCode()).as(what + ": " + r.asString()).isBetween(400, 499);
        List<String> fields = r.jsonPath().getList("errors.field");
        List<String> messages = r.jsonPath().getList("errors.message");
        assertThat(fields).as(what + ": " + r.asString()).contains(field);
        String msg = messages.get(fields.indexOf(field));
        assertThat(msg).as(what).isNotBlank().containsIgnoringCase(message);
        // an update with the same body is rejected the same way, never a 5xx
        Response u = given().contentType(ContentType.JSON).body(body).put("/api/v1/definitions/invalid-def");
        assertThat(u.statusCode()).as(what + " (PUT): " + u.asString()).isBetween(400, 499);
    }

    @Test
    void atLeastThirtyDistinctInvalidDefinitionsAreCovered() {
        assertThat(invalidDefinitions().count()).isGreaterThanOrEqualTo(30);
    }

    @Test
    void anEmptyBodyIsABadRequest() {
        given().contentType(ContentType.JSON).body("").post("/api/v1/definitions").then().statusCode(400)
                .contentType("application/problem+json");
    }
}
