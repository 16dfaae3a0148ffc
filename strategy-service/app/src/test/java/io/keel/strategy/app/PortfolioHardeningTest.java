package io.keel.strategy.app;

import io.agroal.api.AgroalDataSource;
import io.keel.common.testing.Concurrent;
import io.keel.common.testing.Concurrent.Answer;
import io.keel.strategy.app.support.Api;
import io.keel.strategy.app.support.Defs;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.keel.common.testing.Keys.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

/**
 * The portfolio endpoints under concurrent writers and hostile input (issue 17's standards applied to issue 18's
 * endpoints): concurrent creations of one name give one portfolio and 409s, concurrent fills of one order list
 * lose and double-count nothing, and NUL bytes, huge or tiny numbers and wrong types are 400 problem+json naming
 * the field, with nothing stored.
 */
@QuarkusTest
class PortfolioHardeningTest {

    static final int N = 20;

    @Inject
    AgroalDataSource ds;

    long scalar(String sql, Object... args) throws Exception {
        return io.keel.strategy.app.support.Db.scalar(ds, sql, args);
    }

    @Test
    void concurrentCreationsOfOneName_oneIs201_theOthers409_neverA500() throws Exception {
        Api.createDefinition(Defs.json("level70-ew", "hard-conc-create-def"));
        List<Answer> answers = Concurrent.requests(N, "POST", i -> "/api/v1/portfolios",
                i -> "{\"name\": \"hard-same-name\", \"definition\": \"hard-conc-create-def\", \"initialCapital\": " + (1000 + i) + "}");
        assertThat(answers).allSatisfy(a -> assertThat(a.isOrderlyOrRefusedWithAReason()).as(a.toString()).isTrue());
        assertThat(answers.stream().filter(a -> a.status() == 201).count()).as("created").isEqualTo(1);
        assertThat(answers.stream().filter(a -> a.status() == 409).count()).as("refused as existing").isEqualTo(N - 1);
        assertThat(answers.stream().filter(a -> a.status() == 409)).allSatisfy(a ->
                assertThat(a.body()).contains("a portfolio named 'hard-same-name' exists"));
        assertThat(scalar("SELECT count(*) FROM portfolio WHERE name = 'hard-same-name'")).isEqualTo(1);
        assertThat(scalar("SELECT count(*) FROM audit_event WHERE portfolio = 'hard-same-name' AND action = 'portfolio.created'"))
                .isEqualTo(1);
    }

    @Test
    void concurrentFillsOfOneOrderList_updateTheHoldingsOnce_each_nothingLostOrDoubleCounted() throws Exception {
        PortfoliosApiTest.activeDefinition("hard-fills-def", "level70-ew");
        long id = PortfoliosApiTest.create(Map.of("name", "hard-fills", "definition", "hard-fills-def", "initialCapital", 1_000_000));
        List<Map<String, Object>> orders = PortfoliosApiTest.orders(id, true).jsonPath().getList("orders");
        assertThat(orders).isNotEmpty();
        // each order split into single-share fills spread over N writers; every writer also replays writer 0's first fill
        List<List<Map<String, Object>>> batches = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            batches.add(new ArrayList<>());
        }
        BigDecimal cash = new BigDecimal("1000000");
        Map<String, BigDecimal> expected = new java.util.TreeMap<>();
        int k = 0;
        for (Map<String, Object> o : orders) {
            BigDecimal q = new BigDecimal(o.get("quantity").toString());
            BigDecimal px = new BigDecimal(o.get("referencePrice").toString());
            int pieces = Math.min(q.intValueExact(), 3);
            for (int p = 0; p < pieces; p++) {
                BigDecimal part = p < pieces - 1 ? BigDecimal.ONE : q.subtract(BigDecimal.valueOf(pieces - 1L));
                batches.get(k++ % N).add(Map.of("fillId", "hard-" + o.get("id") + "-" + p, "orderId", o.get("id"), "quantity", part,
                        "price", px, "fee", new BigDecimal("0.5")));
                cash = cash.subtract(part.multiply(px)).subtract(new BigDecimal("0.5"));
            }
            expected.put((String) o.get("symbol"), q);
        }
        Map<String, Object> shared = batches.get(0).get(0);
        for (int i = 1; i < N; i++) {
            batches.get(i).add(shared);
        }
        List<Answer> answers = Concurrent.requests(N, "POST", i -> "/api/v1/portfolios/" + id + "/fills",
                i -> json(Map.of("fills", batches.get(i))));
        assertThat(answers).allSatisfy(a -> assertThat(a.status()).as(a.toString()).isEqualTo(200));
        int applied = answers.stream().mapToInt(a -> JsonPath.from(a.body()).getInt("applied")).sum();
        int replayed = answers.stream().mapToInt(a -> JsonPath.from(a.body()).getInt("replayed")).sum();
        int fills = batches.stream().mapToInt(List::size).sum() - (N - 1);
        assertThat(applied).as("fills applied once each").isEqualTo(fills);
        assertThat(replayed).as("the shared fill replayed by all but the writer that applied it").isEqualTo(N - 1);

        JsonPath p = given().get("/api/v1/portfolios/" + id).jsonPath();
        assertThat(new BigDecimal(p.getString("holdings.cash"))).isEqualByComparingTo(cash);
        for (Map.Entry<String, BigDecimal> e : expected.entrySet()) {
            assertThat(new BigDecimal(p.getString("holdings.positions." + e.getKey()))).as(e.getKey()).isEqualByComparingTo(e.getValue());
        }
        assertThat(PortfoliosApiTest.orders(id, true).jsonPath().getList("orders.status")).containsOnly("FILLED");
        assertThat(scalar("SELECT count(*) FROM fill WHERE portfolio_id = ?", id)).isEqualTo(fills);
        // one holdings version per batch that applied something, numbered without gaps
        long versions = scalar("SELECT count(*) FROM portfolio_holdings WHERE portfolio_id = ?", id);
        assertThat(scalar("SELECT max(version) FROM portfolio_holdings WHERE portfolio_id = ?", id)).isEqualTo(versions);
    }

    private static String json(Object o) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    private static ValidatableResponse post(String path, String body) {
        return given().contentType(ContentType.JSON).body(body).post(path).then();
    }

    private static void refused(ValidatableResponse r, String field) {
        r.statusCode(400).contentType("application/problem+json").body("status", equalTo(400))
                .body("errors.field", hasItem(org.hamcrest.Matchers.startsWith(field))).body("detail", not(containsString("Exception")))
                .body("detail", not(containsString("java.")));
    }

    @Test
    void hostilePortfolioBodies_are400NamingTheField_andStoreNothing() throws Exception {
        Api.createDefinition(Defs.json("level70-ew", "hard-hostile-def"));
        long before = scalar("SELECT count(*) FROM portfolio");
        String p = "/api/v1/portfolios";
        refused(post(p, "{\"name\": \"hard\\u0000nul\", \"definition\": \"hard-hostile-def\", \"initialCapital\": 1000}"), "name");
        refused(post(p, "{\"name\": \"hard-nul\", \"definition\": \"hard-hostile-def\\u0000\", \"initialCapital\": 1000}"), "definition");
        refused(post(p, "{\"name\": \"hard-nul\", \"definition\": \"hard-hostile-def\", \"holdings\": {\"SPY\\u0000\": 1}, \"cash\": 0}"),
                "holdings");
        refused(post(p, "{\"name\": \"hard-nul\", \"definition\": \"hard-hostile-def\", \"initialCapital\": 1000, \"co\\u0000lour\": 1}"),
                "$");
        refused(post(p, "{\"name\": 123, \"definition\": \"hard-hostile-def\", \"initialCapital\": 1000}"), "name");
        refused(post(p, "{\"name\": [\"a\"], \"definition\": \"hard-hostile-def\", \"initialCapital\": 1000}"), "name");
        refused(post(p, "{\"name\": \"hard-big\", \"definition\": \"hard-hostile-def\", \"initialCapital\": 1e400}"), "initialCapital");
        refused(post(p, "{\"name\": \"hard-big\", \"definition\": \"hard-hostile-def\", \"initialCapital\": "
                + "9".repeat(900) + "}"), "initialCapital");
        refused(post(p, "{\"name\": \"hard-big\", \"definition\": \"hard-hostile-def\", \"initialCapital\": \"1000\"}"), "initialCapital");
        refused(post(p, "{\"name\": \"hard-big\", \"definition\": \"hard-hostile-def\", \"initialCapital\": true}"), "initialCapital");
        refused(post(p, "{\"name\": \"hard-big\", \"definition\": \"hard-hostile-def\", \"initialCapital\": 1000, \"band\": \"0.1\"}"), "band");
        refused(post(p, "{\"name\": \"hard-big\", \"definition\": \"hard-hostile-def\", \"initialCapital\": 1000, \"costs\": 5}"), "costs");
        refused(post(p, "{\"name\": \"hard-big\", \"definition\": \"hard-hostile-def\", \"initialCapital\": 1000, \"fractional\": \"yes\"}"),
                "fractional");
        // more decimals than an amount keeps (10): it would be stored altered
        refused(post(p, "{\"name\": \"hard-tiny\", \"definition\": \"hard-hostile-def\", \"holdings\": {\"SPY\": 0.00000000001}, \"cash\": 0}"),
                "holdings.SPY");
        refused(post(p, "{\"name\": \"hard-tiny\", \"definition\": \"hard-hostile-def\", \"initialCapital\": 1e-999999999}"), "initialCapital");
        refused(post(p, "{\"name\": \"hard-tiny\", \"definition\": \"hard-hostile-def\", \"initialCapital\": -1e-999999999}"), "initialCapital");
        assertThat(scalar("SELECT count(*) FROM portfolio")).isEqualTo(before);
    }

    @Test
    void hostileFillsAndHoldings_are400NamingTheField_andChangeNothing() throws Exception {
        PortfoliosApiTest.activeDefinition("hard-hostile-fills-def", "level70-ew");
        long id = PortfoliosApiTest.create(Map.of("name", "hard-hostile-fills", "definition", "hard-hostile-fills-def", "initialCapital", 100_000));
        Response r = PortfoliosApiTest.orders(id, true);
        long order = r.jsonPath().getLong("orders[0].id");
        String f = "/api/v1/portfolios/" + id + "/fills";
        String ok = "\"orderId\": " + order + ", \"quantity\": 1, \"price\": 10, \"fee\": 0";
        refused(post(f, "{\"fills\": [{\"fillId\": \"x\\u0000y\", " + ok + "}]}"), "fills[0].fillId");
        refused(post(f, "{\"fills\": [{\"fillId\": \"\\ud800\", " + ok + "}]}"), "fills[0].fillId");
        refused(post(f, "{\"fills\": [{\"fillId\": \"x\", \"orderId\": \"" + order + "\", \"quantity\": 1, \"price\": 10}]}"), "fills[0].orderId");
        refused(post(f, "{\"fills\": [{\"fillId\": \"x\", \"orderId\": 1e30, \"quantity\": 1, \"price\": 10}]}"), "fills[0].orderId");
        refused(post(f, "{\"fills\": [{\"fillId\": \"x\", \"orderId\": 99999999999999999999999, \"quantity\": 1, \"price\": 10}]}"),
                "fills[0].orderId");
        refused(post(f, "{\"fills\": [{\"fillId\": \"x\", \"orderId\": " + order + ", \"quantity\": 1e400, \"price\": 10}]}"), "fills[0].quantity");
        refused(post(f, "{\"fills\": [{\"fillId\": \"x\", \"orderId\": " + order + ", \"quantity\": 1, \"price\": 1e-30}]}"), "fills[0].price");
        refused(post(f, "{\"fills\": [{\"fillId\": \"x\", \"orderId\": " + order + ", \"quantity\": 1, \"price\": 10, \"fee\": \"1\"}]}"),
                "fills[0].fee");
        refused(post(f, "{\"fills\": [{\"fillId\": \"x\", \"orderId\": " + order + ", \"quantity\": 1, \"price\": 10, "
                + "\"executedAt\": \"2025-09-29T14:30:00\\u0000Z\"}]}"), "fills[0].executedAt");
        refused(post(f, "{\"fills\": {\"fillId\": \"x\"}}"), "fills");
        refused(post(f, "{\"fills\": [\"x\"]}"), "fills[0]");
        refused(post(f, "[1, 2]"), "$");
        refused(given().contentType(ContentType.JSON).body("{\"holdings\": {\"SPY\": 1e400}, \"cash\": 0}")
                .put("/api/v1/portfolios/" + id + "/holdings").then(), "holdings.SPY");
        refused(given().contentType(ContentType.JSON).body("{\"holdings\": {}, \"cash\": \"lots\"}")
                .put("/api/v1/portfolios/" + id + "/holdings").then(), "cash");
        assertThat(scalar("SELECT count(*) FROM fill WHERE portfolio_id = ?", id)).isZero();
        given().get("/api/v1/portfolios/" + id).then().body("holdings.version", equalTo(1));
    }
}
