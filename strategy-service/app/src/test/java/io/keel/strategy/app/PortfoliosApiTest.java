package io.keel.strategy.app;

import io.keel.strategy.app.support.Api;
import io.keel.strategy.app.support.Defs;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.agroal.api.AgroalDataSource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.keel.common.testing.Keys.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;

/**
 * Portfolios following a definition's signals: created with capital or holdings, orders for the latest signal
 * (the sample data makes it STALE on the test clock), fills, bad input, deletes, audit, concurrent writes.
 */
@QuarkusTest
class PortfoliosApiTest {

    @Inject
    AgroalDataSource ds;

    static void activeDefinition(String name, String file) {
        Api.createDefinition(Defs.json(file, name));
        given().contentType(ContentType.JSON).body(Map.of("active", true)).put("/api/v1/definitions/" + name + "/active")
                .then().statusCode(200);
    }

    static long create(Map<String, Object> body) {
        Response r = given().contentType(ContentType.JSON).body(body).post("/api/v1/portfolios");
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(201);
        long id = r.jsonPath().getLong("id");
        assertThat(r.header("Location")).endsWith("/api/v1/portfolios/" + id);
        return id;
    }

    static Response orders(long id, boolean allowStale) {
        return given().queryParam("allowStale", allowStale).get("/api/v1/portfolios/" + id + "/orders/latest");
    }

    long scalar(String sql, Object... args) throws Exception {
        return io.keel.strategy.app.support.Db.scalar(ds, sql, args);
    }

    @Test
    void portfolioWithCapital_getsOrdersForTheLatestSignal_refusedWhileStale_servedMarkedWithAllowStale() {
        activeDefinition("pf-63", "level63");
        long id = create(Map.of("name", "pf-capital", "definition", "pf-63", "initialCapital", 100_000,
                "costs", Map.of("bps", 5, "minimumPerOrder", 1)));
        given().get("/api/v1/portfolios/" + id).then().statusCode(200)
                .body("definition", equalTo("pf-63"))
                .body("holdings.version", equalTo(1))
                .body("holdings.cash", equalTo(100000))
                .body("rules.costs.bps", equalTo(5.0f));

        // the sample data ends 2025-09-26: the signal is STALE now, its orders are refused unless asked for
        orders(id, false).then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("STALE")).body("errors[0].field", equalTo("allowStale"));
        Response r = orders(id, true);
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        assertThat(r.header("X-Keel-Signal-Status")).isEqualTo("STALE");
        JsonPath j = r.jsonPath();
        assertThat(j.getBoolean("stale")).isTrue();
        assertThat(j.getString("warning")).contains("STALE signal").contains("2025-09-26");
        assertThat(j.getString("signal.asOf")).isEqualTo("2025-09-26");
        assertThat(j.getInt("holdingsVersion")).isEqualTo(1);
        List<Map<String, Object>> orders = j.getList("orders");
        assertThat(orders).isNotEmpty().allSatisfy(o -> {
            assertThat(o.get("side")).isEqualTo("BUY");
            assertThat(new BigDecimal(o.get("quantity").toString()).stripTrailingZeros().scale()).as("whole shares").isLessThanOrEqualTo(0);
            assertThat(o.get("status")).isEqualTo("OPEN");
        });
        // reference prices: the signal's closes of 2025-09-26 (SPY closed at 661.82)
        Map<String, Object> signal = given().get("/api/v1/definitions/pf-63/signals/latest").jsonPath().getMap("prices");
        for (Map<String, Object> o : orders) {
            assertThat(new BigDecimal(o.get("referencePrice").toString())).isEqualByComparingTo(new BigDecimal(signal.get(o.get("symbol")).toString()));
        }
        // the totals reconcile: cash after = 100,000 - buys - costs, never negative without leverage
        BigDecimal buys = BigDecimal.ZERO;
        BigDecimal costs = BigDecimal.ZERO;
        for (Map<String, Object> o : orders) {
            buys = buys.add(new BigDecimal(o.get("notional").toString()));
            costs = costs.add(new BigDecimal(o.get("estimatedCost").toString()));
        }
        BigDecimal cashAfter = new BigDecimal(j.getString("summary.cashAfter"));
        assertThat(cashAfter).isEqualByComparingTo(new BigDecimal("100000").subtract(buys).subtract(costs));
        if (j.getDouble("summary.targetExposure") <= 1) {
            assertThat(cashAfter).isNotNegative();
        }
        // each position's weight after the orders is next to its target
        List<Map<String, Object>> positions = j.getList("positions");
        assertThat(positions).allSatisfy(p -> assertThat(((Number) p.get("weightAfter")).doubleValue())
                .isCloseTo(((Number) p.get("targetWeight")).doubleValue(), within(0.01)));
        // computed once: the same list on every read
        assertThat(orders(id, true).jsonPath().getLong("orderListId")).isEqualTo(j.getLong("orderListId"));
    }

    @Test
    void ordersAsCsv_oneLinePerOrder_withTheSignalStatus() {
        activeDefinition("pf-csv-def", "level70-ew");
        long id = create(Map.of("name", "pf-csv", "definition", "pf-csv-def", "initialCapital", 50_000));
        Response csv = given().queryParam("allowStale", true).queryParam("format", "csv").get("/api/v1/portfolios/" + id + "/orders/latest");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        String[] lines = csv.asString().split("\n");
        assertThat(lines[0]).isEqualTo("order_id,account,symbol,side,quantity,order_type,time_in_force,reference_price,notional,"
                + "estimated_cost,signal_as_of,next_session,signal_status");
        int n = orders(id, true).jsonPath().getList("orders").size();
        assertThat(lines).hasSize(n + 1);
        assertThat(lines[1]).contains(",pf-csv,").contains(",BUY,").contains(",MARKET,DAY,").endsWith(",2025-09-26,2025-09-29,STALE");
        Response accept = given().accept("text/csv").queryParam("allowStale", true).get("/api/v1/portfolios/" + id + "/orders/latest");
        assertThat(accept.asString()).isEqualTo(csv.asString());
        given().queryParam("format", "xml").get("/api/v1/portfolios/" + id + "/orders/latest").then().statusCode(400)
                .body("errors[0].field", equalTo("format"));
    }

    @Test
    void fills_updateTheHoldingsAtomically_idempotentByFillId_andRefuseWhatExceedsOrNamesUnknownOrders() throws Exception {
        activeDefinition("pf-fill-def", "level70-ew");
        long id = create(Map.of("name", "pf-fills", "definition", "pf-fill-def", "initialCapital", 100_000));
        JsonPath j = orders(id, true).jsonPath();
        List<Map<String, Object>> orders = j.getList("orders");
        List<Map<String, Object>> fills = new ArrayList<>();
        BigDecimal cash = new BigDecimal("100000");
        for (Map<String, Object> o : orders) {
            BigDecimal q = new BigDecimal(o.get("quantity").toString());
            BigDecimal px = new BigDecimal(o.get("referencePrice").toString());
            fills.add(Map.of("fillId", "exec-" + o.get("id"), "orderId", o.get("id"), "quantity", q, "price", px, "fee", 1));
            cash = cash.subtract(q.multiply(px)).subtract(BigDecimal.ONE);
        }
        long first = ((Number) orders.get(0).get("id")).longValue();
        BigDecimal firstQty = new BigDecimal(orders.get(0).get("quantity").toString());

        // an unknown order or a quantity above the order: 400 naming the fill's field, nothing changes
        given().contentType(ContentType.JSON).body(Map.of("fills", List.of(fills.get(0), Map.of("fillId", "x-unknown", "orderId", 999_999,
                        "quantity", 1, "price", 10, "fee", 0)))).post("/api/v1/portfolios/" + id + "/fills")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("fills[1].orderId"));
        given().contentType(ContentType.JSON).body(Map.of("fills", List.of(Map.of("fillId", "x-too-much", "orderId", first,
                        "quantity", firstQty.add(BigDecimal.ONE), "price", 10, "fee", 0)))).post("/api/v1/portfolios/" + id + "/fills")
                .then().statusCode(400).body("errors[0].field", equalTo("fills[0].quantity"))
                .body("errors[0].message", containsString("exceeds what is left of order " + first));
        assertThat(scalar("SELECT count(*) FROM fill WHERE portfolio_id = ?", id)).isZero();
        given().get("/api/v1/portfolios/" + id).then().body("holdings.version", equalTo(1));

        // every order filled at its reference price: one new holdings version
        Response filled = given().contentType(ContentType.JSON).body(Map.of("fills", fills)).post("/api/v1/portfolios/" + id + "/fills");
        assertThat(filled.statusCode()).as(filled.asString()).isEqualTo(200);
        assertThat(filled.jsonPath().getInt("applied")).isEqualTo(orders.size());
        assertThat(filled.jsonPath().getInt("holdingsVersion")).isEqualTo(2);
        assertThat(new BigDecimal(filled.jsonPath().getString("holdings.cash"))).isEqualByComparingTo(cash);
        for (Map<String, Object> o : orders) {
            assertThat(new BigDecimal(filled.jsonPath().getString("holdings.positions." + o.get("symbol"))))
                    .isEqualByComparingTo(new BigDecimal(o.get("quantity").toString()));
        }
        assertThat(filled.jsonPath().getList("orders.status")).containsOnly("FILLED");

        // replayed: nothing changes
        Response again = given().contentType(ContentType.JSON).body(Map.of("fills", fills)).post("/api/v1/portfolios/" + id + "/fills");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.jsonPath().getInt("applied")).isZero();
        assertThat(again.jsonPath().getInt("replayed")).isEqualTo(orders.size());
        assertThat(again.jsonPath().getInt("holdingsVersion")).isEqualTo(2);
        // the same fill id with another price: 409, nothing changes
        Map<String, Object> changed = new HashMap<>(fills.get(0));
        changed.put("price", 1);
        given().contentType(ContentType.JSON).body(Map.of("fills", List.of(changed))).post("/api/v1/portfolios/" + id + "/fills")
                .then().statusCode(409).body("errors[0].field", equalTo("fills[0].fillId"));
        // a filled order takes no more
        given().contentType(ContentType.JSON).body(Map.of("fills", List.of(Map.of("fillId", "x-more", "orderId", first, "quantity", 1,
                "price", 10)))).post("/api/v1/portfolios/" + id + "/fills").then().statusCode(400);
        assertThat(scalar("SELECT count(*) FROM fill WHERE portfolio_id = ?", id)).isEqualTo(orders.size());
        given().get("/api/v1/portfolios/" + id + "/holdings").then().statusCode(200).body("size()", equalTo(2))
                .body("source", equalTo(List.of("FILLS", "CREATED")));
        given().queryParam("portfolio", "pf-fills").get("/api/v1/audit").then().statusCode(200)
                .body("action", hasItems("portfolio.created", "orders.generated", "portfolio.fills"))
                .body("principal", hasItem("test-admin"));
    }

    @Test
    void badInput_is400Or404_namingTheField_andStoresNothing() throws Exception {
        activeDefinition("pf-bad-def", "level70-ew");
        long before = scalar("SELECT count(*) FROM portfolio");
        record Bad(Map<String, Object> body, int status, String field) {
        }
        Map<String, Object> ok = Map.of("name", "pf-bad", "definition", "pf-bad-def");
        List<Bad> cases = List.of(
                new Bad(with(ok, "holdings", Map.of("XYZ", 1), "cash", 0), 400, "holdings.XYZ"),
                new Bad(with(ok, "holdings", Map.of("SPY", -1), "cash", 0), 400, "holdings.SPY"),
                new Bad(with(ok, "holdings", Map.of("SPY", "NaN"), "cash", 0), 400, "holdings.SPY"),
                new Bad(with(ok, "initialCapital", 1000, "lotSizes", Map.of("SPY", 0)), 400, "lotSizes.SPY"),
                new Bad(with(ok, "initialCapital", 1000, "lotSizes", Map.of("SPY", 0.5)), 400, "lotSizes.SPY"),
                new Bad(with(ok, "initialCapital", 1000, "band", 1), 400, "band"),
                new Bad(with(ok, "initialCapital", 1000, "band", -0.01), 400, "band"),
                new Bad(with(ok, "initialCapital", -5), 400, "initialCapital"),
                new Bad(with(ok, "initialCapital", 1000, "costs", Map.of("bps", -1)), 400, "costs.bps"),
                new Bad(with(ok, "initialCapital", 1000, "colour", "red"), 400, "colour"),
                new Bad(Map.of("name", "pf-bad", "definition", "no-such-definition", "initialCapital", 1000), 404, "definition"));
        for (Bad b : cases) {
            given().contentType(ContentType.JSON).body(b.body()).post("/api/v1/portfolios").then().statusCode(b.status())
                    .contentType("application/problem+json").body("errors.field", hasItem(b.field()));
        }
        // NaN as a JSON number literal too
        given().contentType(ContentType.JSON).body("{\"name\":\"pf-bad\",\"definition\":\"pf-bad-def\",\"holdings\":{\"SPY\":NaN},\"cash\":0}")
                .post("/api/v1/portfolios").then().statusCode(400).body("errors[0].field", equalTo("holdings.SPY"));
        assertThat(scalar("SELECT count(*) FROM portfolio")).isEqualTo(before);
        assertThat(scalar("SELECT count(*) FROM audit_event WHERE portfolio = 'pf-bad'")).isZero();
        given().get("/api/v1/portfolios/424242").then().statusCode(404);
        given().get("/api/v1/portfolios/abc/orders/latest").then().statusCode(404);
    }

    static Map<String, Object> with(Map<String, Object> base, Object... kv) {
        Map<String, Object> m = new HashMap<>(base);
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void holdingsReplaced_keepEveryVersion_deleteNeedsAdmin_andIsAudited() {
        activeDefinition("pf-crud-def", "level70-ew");
        long id = create(Map.of("name", "pf-crud", "definition", "pf-crud-def", "holdings", Map.of("SPY", 10, "TLT", 20), "cash", 500,
                "lotSizes", Map.of("SPY", 5), "band", 0.02, "totalDriftThreshold", 0.05, "minTradeNotional", 100));
        given().contentType(ContentType.JSON).body(Map.of("holdings", Map.of("SPY", 12), "cash", 250))
                .put("/api/v1/portfolios/" + id + "/holdings").then().statusCode(200)
                .body("holdings.version", equalTo(2)).body("holdings.positions.SPY", equalTo(12)).body("holdings.source", equalTo("REPLACED"));
        given().contentType(ContentType.JSON).body(Map.of("holdings", Map.of("SPY", -12), "cash", 250))
                .put("/api/v1/portfolios/" + id + "/holdings").then().statusCode(400).body("errors[0].field", equalTo("holdings.SPY"));
        given().get("/api/v1/portfolios/" + id + "/holdings").then().statusCode(200).body("version", equalTo(List.of(2, 1)))
                .body("[1].positions.TLT", equalTo(20));
        given().get("/api/v1/portfolios").then().statusCode(200).body("name", hasItem("pf-crud"));
        RestAssured.given().header("X-API-Key", io.keel.common.testing.Keys.OPERATOR).delete("/api/v1/portfolios/" + id)
                .then().statusCode(403);
        RestAssured.given().header("X-API-Key", io.keel.common.testing.Keys.ADMIN).delete("/api/v1/portfolios/" + id)
                .then().statusCode(204);
        given().get("/api/v1/portfolios/" + id).then().statusCode(404);
        given().queryParam("portfolio", "pf-crud").get("/api/v1/audit").then()
                .body("action", hasItems("portfolio.created", "portfolio.holdings.replaced", "portfolio.deleted"));
    }

    @Test
    void ordersOfAPortfolioFollowingAnInactiveDefinition_are404_sayingSo() {
        Api.createDefinition(Defs.json("level70-ew", "pf-inactive-def"));
        long id = create(Map.of("name", "pf-inactive", "definition", "pf-inactive-def", "initialCapital", 1000));
        orders(id, true).then().statusCode(404).body("detail", containsString("is not active"));
    }

    @Test
    void concurrentWrites_toOnePortfolio_areSerialised_noneAnswers500_andEachSignalsOrdersExistOnce() throws Exception {
        // following a definition not active yet: no signal, no orders until it is activated
        Api.createDefinition(Defs.json("level70-ew", "pf-conc-def"));
        long id = create(Map.of("name", "pf-conc", "definition", "pf-conc-def", "initialCapital", 10_000));
        assertThat(scalar("SELECT count(*) FROM order_list WHERE portfolio_id = ?", id)).isZero();
        given().contentType(ContentType.JSON).body(Map.of("active", true)).put("/api/v1/definitions/pf-conc-def/active")
                .then().statusCode(200);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> writes = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                int cash = 1000 + i;
                writes.add(() -> given().contentType(ContentType.JSON).body(Map.of("holdings", Map.of("SPY", 1), "cash", cash))
                        .put("/api/v1/portfolios/" + id + "/holdings").statusCode());
                writes.add(() -> orders(id, true).statusCode());
            }
            List<Integer> codes = new ArrayList<>();
            for (Future<Integer> f : pool.invokeAll(writes)) {
                codes.add(f.get());
            }
            assertThat(codes).containsOnly(200);
        } finally {
            pool.shutdownNow();
        }
        // versions 1..13 without gaps or duplicates
        given().get("/api/v1/portfolios/" + id + "/holdings").then().body("size()", equalTo(13)).body("version[0]", equalTo(13));
        // the first reads computed the signal and the orders at once: one order list, one signal
        assertThat(scalar("SELECT count(*) FROM order_list WHERE portfolio_id = ?", id)).isEqualTo(1);
        assertThat(scalar("SELECT count(*) FROM signal s JOIN definition d ON d.id = s.definition_id WHERE d.name = 'pf-conc-def'"))
                .isEqualTo(1);
        assertThat(scalar("SELECT count(*) FROM (SELECT signal_id FROM order_list GROUP BY portfolio_id, signal_id HAVING count(*) > 1) d"))
                .isZero();
    }
}
