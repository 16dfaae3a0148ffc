package io.keel.strategy.app;

import io.keel.strategy.app.support.Api;
import io.keel.strategy.app.support.Defs;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static io.keel.common.testing.Keys.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 23: every write endpoint of strategy-service answers a hostile or wrongly typed body with a 4xx problem naming
 * the field in domain words: never a Java class or package name, an exception's name, Jackson's "Cannot deserialize"
 * or an internal URL.
 */
@QuarkusTest
class ErrorsInDomainWordsTest {

    /** Text that must never reach a caller. */
    static final Pattern INTERNALS = Pattern.compile("java\\.|io\\.keel|Exception|Cannot deserialize|Cannot construct|Creator|jackson|http://|Source: |"
            + "\\bline: |CTRL-CHAR|end-of-input|No content|Expected array|token|REDACTED|`");

    /** Bodies that are not JSON, not an object, or the wrong types at the top level. */
    static final List<String> HOSTILE = List.of("", "null", "[]", "42", "\"text\"", "{", "{\"a\":1}{}", "{\"a\":1,\"a\":2}",
            "{\"name\": [1]}", "{\"name\": {}}", "{\"name\": 1e999}", "\u0000", "{\"name\": \"x\u0000y\"}",
            "{\"version\": \"two\"}", "{\"snapshot\": [\"latest\"]}", "{\"snapshot\": {}}", "{\"active\": \"yes\"}", "{\"active\": 1}",
            "{\"fills\": 5}", "{\"fills\": [{\"qty\": \"many\"}]}", "{\"initialCapital\": \"lots\"}", "{\"holdings\": [1,2]}",
            "{\"holdings\": {\"SPY\": \"ten\"}}", "{\"version\": 1.5}", "{\"version\": 99999999999999999999}");

    /** Definition bodies wrong in one field each: wrong enum values, wrong date formats, wrong types. */
    static List<String> wrongDefinitions(String name) {
        List<String> bodies = new ArrayList<>();
        Map<String, java.util.function.Consumer<com.fasterxml.jackson.databind.node.ObjectNode>> edits = new LinkedHashMap<>();
        edits.put("frequency", n -> n.withObject("/rebalance").put("frequency", "FORTNIGHTLY"));
        edits.put("frequencyType", n -> n.withObject("/rebalance").put("frequency", 12));
        edits.put("calendar", n -> n.withObject("/rebalance").putArray("calendar"));
        edits.put("startFormat", n -> n.put("start", "01/02/2010"));
        edits.put("startInvalid", n -> n.put("start", "2010-02-30"));
        edits.put("startNumber", n -> n.put("start", 20100101));
        edits.put("endObject", n -> n.putObject("end"));
        edits.put("universeString", n -> n.put("universe", "SPY,TLT"));
        edits.put("universeNumbers", n -> n.putArray("universe").add(1).add(2));
        edits.put("groupsList", n -> n.putArray("groups"));
        edits.put("weightSchemeString", n -> n.put("weightScheme", "hrp"));
        edits.put("paramsList", n -> n.withObject("/weightScheme").putArray("params"));
        edits.put("paramWrongType", n -> n.withObject("/weightScheme").withObject("/params").put("lookbackDays", "a year"));
        edits.put("overlaysObject", n -> n.putObject("overlays"));
        edits.put("cashRateString", n -> n.put("cashRate", "2%"));
        edits.put("exposureMin", n -> n.withObject("/exposureLimits").put("min", "low"));
        edits.put("semanticsReturns", n -> n.withObject("/semantics").put("returns", "ARITHMETIC"));
        edits.put("executionLag", n -> n.withObject("/semantics").put("executionLag", 0.5));
        edits.put("holding", n -> n.withObject("/semantics").put("holding", true));
        edits.put("seedScript", n -> n.put("seedScript", 73));
        edits.put("unknownField", n -> n.put("rebalanceEvery", "week"));
        edits.put("nameNull", n -> n.putNull("name"));
        edits.forEach((k, edit) -> bodies.add(Defs.json("level70-ew", name, edit)));
        return bodies;
    }

    private static void assertDomainWords(String what, Response r, List<String> failures) {
        String body = r.asString();
        if (r.statusCode() < 400 || r.statusCode() >= 500) {
            failures.add(what + " -> " + r.statusCode() + " " + body);
        } else if (INTERNALS.matcher(body).find()) {
            failures.add(what + " -> " + body);
        } else if (!String.valueOf(r.contentType()).startsWith("application/problem+json")) {
            failures.add(what + " -> not problem+json: " + r.contentType());
        }
    }

    @Test
    void hostileBodies_onEveryWriteEndpoint_are4xxInDomainWords() {
        Api.createDefinition(Defs.json("level70-ew", "words-def"));
        Response p = given().contentType(ContentType.JSON).body(Map.of("name", "words-pf", "definition", "words-def", "initialCapital", 1000))
                .post("/api/v1/portfolios");
        assertThat(p.statusCode()).as(p.asString()).isEqualTo(201);
        long pf = p.jsonPath().getLong("id");
        // every write endpoint that takes a body, as "METHOD path"
        List<String> endpoints = List.of("POST /api/v1/definitions", "POST /api/v1/definitions?dryRun=true",
                "PUT /api/v1/definitions/words-def", "PUT /api/v1/definitions/words-def?dryRun=true",
                "PUT /api/v1/definitions/words-def/active", "POST /api/v1/definitions/words-def/runs", "POST /api/v1/portfolios",
                "PUT /api/v1/portfolios/" + pf + "/holdings", "POST /api/v1/portfolios/" + pf + "/fills");
        List<String> failures = new ArrayList<>();
        endpoints.forEach(what -> {
            String path = what.substring(what.indexOf(' ') + 1);
            for (String body : HOSTILE) {
                var req = given().contentType(ContentType.JSON).body(body);
                Response r = what.startsWith("PUT") ? req.put(path) : req.post(path);
                if ((body.isEmpty() || body.equals("null")) && what.endsWith("/runs")) {
                    continue; // no body (or null) submits a run with the defaults
                }
                assertDomainWords(what + " " + body, r, failures);
            }
        });
        for (String body : wrongDefinitions("words-def")) {
            assertDomainWords("POST definitions " + body, given().contentType(ContentType.JSON).body(body).post("/api/v1/definitions"), failures);
            assertDomainWords("PUT definitions " + body, given().contentType(ContentType.JSON).body(body).put("/api/v1/definitions/words-def"), failures);
            assertDomainWords("POST validation " + body, given().contentType(ContentType.JSON).body(body).post("/api/v1/definitions?dryRun=true"), failures);
        }
        assertThat(failures).as(String.join("\n", failures)).isEmpty();
    }
}
