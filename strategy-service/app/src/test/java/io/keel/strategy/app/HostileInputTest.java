package io.keel.strategy.app;

import io.keel.strategy.app.support.Api;
import io.keel.strategy.app.support.Defs;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import static io.keel.common.testing.Keys.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/**
 * Issue 17's classes of hostile input on strategy-service, each answered 400 problem+json naming the field (never a
 * 500, never a Java name): text the database cannot store (NUL, lone surrogates) in path and query parameters and in
 * a definition's JSON; query parameters that are not whole numbers or booleans, or out of range.
 */
@QuarkusTest
class HostileInputTest {

    /** A GET of a raw (already percent-encoded) path and query. */
    private static ValidatableResponse get(String rawPathAndQuery) {
        return given().urlEncodingEnabled(false).get(rawPathAndQuery).then();
    }

    private static void refused(ValidatableResponse r, String field) {
        r.statusCode(400).contentType("application/problem+json").body("status", equalTo(400))
                .body("errors[0].field", equalTo(field)).body("detail", not(containsString("Exception")))
                .body("detail", not(containsString("java.")));
    }

    @Test
    void nulInPathOrQueryParameters_is400NamingTheParameter() {
        Api.createDefinition(Defs.json("level70-ew", "hostile-nul"));
        refused(get("/api/v1/runs?definition=hostile%00nul"), "definition");
        refused(get("/api/v1/audit?definition=%00"), "definition");
        refused(get("/api/v1/definitions/hostile%00nul"), "name");
        refused(get("/api/v1/definitions/hostile%00nul/versions"), "name");
        refused(get("/api/v1/definitions/hostile%00nul/signals/latest"), "name");
        refused(get("/api/v1/definitions/hostile%00nul/signals"), "name");
        refused(get("/api/v1/runs?status=%00"), "status");
        refused(given().urlEncodingEnabled(false).contentType(ContentType.JSON).body("{\"active\": true}")
                .put("/api/v1/definitions/hostile%00nul/active").then(), "name");
        refused(given().urlEncodingEnabled(false).contentType(ContentType.JSON).body(Defs.json("level70-ew", "hostile-nul"))
                .put("/api/v1/definitions/hostile%00nul").then(), "name");
        refused(given().urlEncodingEnabled(false).contentType(ContentType.JSON).body("{}")
                .post("/api/v1/definitions/hostile%00nul/runs").then(), "name");
    }

    @Test
    void nulInsideADefinitionsJson_is400NamingTheField() {
        refused(given().contentType(ContentType.JSON).body(Defs.json("level70-ew", "hostile-nul-body",
                n -> n.put("description", "before\u0000after"))).post("/api/v1/definitions").then(), "description");
        refused(given().contentType(ContentType.JSON).body(Defs.json("level70-ew", "hostile-nul\u0000name"))
                .post("/api/v1/definitions").then(), "name");
        refused(given().contentType(ContentType.JSON).body(Defs.json("level70-ew", "hostile-nul-symbol",
                n -> n.withArray("universe").set(0, n.textNode("SPY\u0000")))).post("/api/v1/definitions").then(), "universe[0]");
        // a lone UTF-16 surrogate, written as a JSON escape, has no UTF-8 form: it cannot be stored either
        refused(given().contentType(ContentType.JSON).body(Defs.json("level70-ew", "hostile-surrogate",
                n -> n.put("description", "LONE")).replace("LONE", "\\ud800")).post("/api/v1/definitions").then(), "description");
        Api.createDefinition(Defs.json("level70-ew", "hostile-nul-update"));
        refused(given().contentType(ContentType.JSON).body(Defs.json("level70-ew", "hostile-nul-update",
                n -> n.putObject("groups").putArray("risk\u0000on").add("SPY"))).put("/api/v1/definitions/hostile-nul-update").then(), "groups");
        given().get("/api/v1/definitions/hostile-nul-update").then().statusCode(200).body("latestVersion", equalTo(1));
        given().get("/api/v1/definitions/hostile-nul-body").then().statusCode(404);
    }

    @Test
    void queryParametersThatAreNotWholeNumbersOrBooleans_are400NamingTheParameter() {
        Api.createDefinition(Defs.json("level70-ew", "hostile-params"));
        refused(get("/api/v1/runs?limit=2147483648"), "limit");
        refused(get("/api/v1/runs?limit=ten"), "limit");
        refused(get("/api/v1/runs?limit=0"), "limit");
        refused(get("/api/v1/audit?limit=99999999999999999999"), "limit");
        refused(get("/api/v1/definitions/hostile-params?version=latest"), "version");
        refused(get("/api/v1/definitions/hostile-params?version=0"), "version");
        refused(get("/api/v1/definitions/hostile-params/signals?limit=1e3"), "limit");
        refused(get("/api/v1/definitions?active=maybe"), "active");
        refused(get("/api/v1/definitions?active=1"), "active");
        get("/api/v1/definitions?active=false").statusCode(200);
        get("/api/v1/definitions/hostile-params?version=1").statusCode(200);
        get("/api/v1/runs?limit=5").statusCode(200);
    }
}
