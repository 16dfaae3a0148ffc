package io.keel.strategy.app.tracking;

import io.agroal.api.AgroalDataSource;
import io.keel.strategy.app.support.Api;
import io.keel.strategy.app.support.Defs;
import io.keel.strategy.app.support.MarketDataStub;
import io.keel.strategy.app.support.MarketDataStubResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static io.keel.common.testing.Keys.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Paper tracking on the loopback market data: a signal decided on the 2025-09-19 close (an early snapshot), its
 * orders filled automatically at the 2025-09-22 close once a newer snapshot has that day, every day valued against
 * the shadow backtest; a re-adjusted snapshot recomputes the days without counting any twice.
 */
@QuarkusTest
class TrackingTest {

    static final LocalDate DECIDED = LocalDate.parse("2025-09-19");
    static final LocalDate NEXT = LocalDate.parse("2025-09-22");

    @Inject
    AgroalDataSource ds;

    @Inject
    PortfolioMetrics metrics;

    static double metric(String exposition, String series) {
        return exposition.lines().filter(l -> l.startsWith(series + " ")).mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1)))
                .findFirst().orElse(Double.NaN);
    }

    long scalar(String sql, Object... args) throws Exception {
        return io.keel.strategy.app.support.Db.scalar(ds, sql, args);
    }

    static JsonPath refresh(long id) {
        Response r = given().post("/api/v1/portfolios/" + id + "/tracking/refresh");
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        return exact(r);
    }

    /** The body with its numbers read as doubles (RestAssured's default is float). */
    static JsonPath exact(Response r) {
        return new JsonPath(r.asString()).using(new io.restassured.path.json.config.JsonPathConfig(
                io.restassured.path.json.config.JsonPathConfig.NumberReturnType.DOUBLE));
    }

    static double close(String symbol, LocalDate day) {
        var s = MarketDataStub.etf8().series(symbol).orElseThrow();
        int i = java.util.Arrays.asList(s.dates()).indexOf(day);
        assertThat(i).as(symbol + " has a bar on " + day).isNotNegative();
        return s.prices()[i];
    }

    @Test
    void paperPortfolio_filledAtTheNextSessionsClose_valuedDaily_againstTheShadowBacktest_recomputedOnAReadjustedSnapshot() throws Exception {
        MarketDataStub stub = MarketDataStubResource.stub();
        stub.latestEnd(DECIDED);
        try {
            Api.createDefinition(Defs.json("level70-ew", "trk-def"));
            given().contentType(ContentType.JSON).body(Map.of("active", true)).put("/api/v1/definitions/trk-def/active").then().statusCode(200);
            Response created = given().contentType(ContentType.JSON).body(Map.of("name", "trk-paper", "definition", "trk-def",
                    "initialCapital", 100_000, "costs", Map.of("bps", 10, "minimumPerOrder", 1))).post("/api/v1/portfolios");
            assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
            long id = created.jsonPath().getLong("id");
            given().contentType(ContentType.JSON).body(Map.of("mode", "PAPER")).put("/api/v1/portfolios/" + id + "/tracking/mode")
                    .then().statusCode(200);
            JsonPath orders = given().queryParam("allowStale", true).get("/api/v1/portfolios/" + id + "/orders/latest").jsonPath();
            assertThat(orders.getString("signal.asOf")).isEqualTo(DECIDED.toString());
            assertThat(orders.getString("signal.nextSession")).isEqualTo(NEXT.toString());

            // the snapshot ends on the decision day: nothing to fill yet, one day valued at the initial capital
            JsonPath t = refresh(id);
            assertThat(t.getString("mode")).isEqualTo("PAPER");
            assertThat(t.getList("notes")).anySatisfy(n -> assertThat(n.toString()).contains("no order list is due yet"));
            assertThat(t.getList("days")).hasSize(1);
            assertThat(t.getDouble("days[0].equity")).isCloseTo(100_000, within(1e-6));
            assertThat(t.getLong("snapshotId")).isEqualTo(MarketDataStub.EARLY);

            // a newer snapshot has the next session: every order filled at its close, with the cost model's fee
            stub.latestEnd(null);
            t = refresh(id);
            assertThat(t.getLong("snapshotId")).isEqualTo(MarketDataStub.LATEST);
            List<Map<String, Object>> ordered = orders.getList("orders");
            BigDecimal cash = new BigDecimal("100000");
            BigDecimal fees = BigDecimal.ZERO;
            JsonPath p = exact(given().get("/api/v1/portfolios/" + id));
            for (Map<String, Object> o : ordered) {
                String symbol = (String) o.get("symbol");
                BigDecimal q = new BigDecimal(o.get("quantity").toString());
                BigDecimal px = BigDecimal.valueOf(close(symbol, NEXT)).setScale(4, RoundingMode.HALF_EVEN);
                BigDecimal fee = q.multiply(px).multiply(new BigDecimal("0.001")).max(BigDecimal.ONE).setScale(6, RoundingMode.HALF_EVEN);
                cash = cash.subtract(q.multiply(px)).subtract(fee);
                fees = fees.add(fee);
                assertThat(new BigDecimal(p.getString("holdings.positions." + symbol))).isEqualByComparingTo(q);
                assertThat(scalar("SELECT count(*) FROM fill WHERE fill_id = ? AND price = ?", "paper-" + o.get("id"), px)).isEqualTo(1);
            }
            // (RestAssured reads JSON numbers as floats: compared to the cent)
            assertThat(p.getDouble("holdings.cash")).isCloseTo(cash.doubleValue(), within(0.01));
            assertThat(scalar("SELECT count(*) FROM portfolio_holdings WHERE portfolio_id = ? AND version = 2 AND cash = ?", id, cash))
                    .as("cash after the paper fills, exactly").isEqualTo(1);
            assertThat(given().queryParam("allowStale", true).get("/api/v1/portfolios/" + id + "/orders/latest").jsonPath()
                    .getList("orders.status")).containsOnly("FILLED");

            // every trading day from the decision to the snapshot's end, once
            List<String> days = t.getList("days.day");
            assertThat(days).containsExactly("2025-09-19", "2025-09-22", "2025-09-23", "2025-09-24", "2025-09-25", "2025-09-26");
            LocalDate lastDay = LocalDate.parse("2025-09-26");
            double lastEquity = cash.doubleValue();
            for (Map<String, Object> o : ordered) {
                lastEquity += Double.parseDouble(o.get("quantity").toString()) * close((String) o.get("symbol"), lastDay);
            }
            assertThat(t.getDouble("days[5].equity")).isCloseTo(lastEquity, within(1e-4));
            assertThat(t.getDouble("days[0].equity")).isCloseTo(100_000, within(1e-6));
            assertThat(t.getDouble("days[0].expected")).as("the backtest scaled to the first day").isCloseTo(100_000, within(1e-6));
            assertThat(t.getList("days.expected")).doesNotContainNull();
            assertThat(t.getDouble("summary.costsPaid")).isCloseTo(fees.doubleValue(), within(1e-6));
            assertThat(t.getDouble("summary.actualReturn")).isCloseTo(lastEquity / 100_000 - 1, within(1e-9));
            assertThat(t.getDouble("summary.trackingDifference"))
                    .isCloseTo(t.getDouble("summary.actualReturn") - t.getDouble("summary.expectedReturn"), within(1e-12));
            assertThat(t.getDouble("summary.trackingErrorAnnualised")).isPositive();
            assertThat(t.getList("summary.divergences")).hasSizeBetween(1, 3);
            assertThat(t.getString("summary.maxGapDay")).isNotNull();
            // level70 is levered: cash goes negative (a loan) and so does the average cash weight
            double cashWeights = 0;
            for (int i = 0; i < days.size(); i++) {
                cashWeights += t.getDouble("days[" + i + "].cash") / t.getDouble("days[" + i + "].equity");
            }
            assertThat(t.getDouble("summary.averageCashWeight")).isCloseTo(cashWeights / days.size(), within(1e-12));
            assertThat(t.getDouble("summary.cashDrag"))
                    .isCloseTo(t.getDouble("summary.averageCashWeight") * t.getDouble("summary.expectedReturn"), within(1e-12));

            // asked again without a new snapshot: nothing recomputed, no second fill
            String computedAt = t.getString("computedAt");
            assertThat(refresh(id).getString("computedAt")).isEqualTo(computedAt);
            assertThat(scalar("SELECT count(*) FROM fill WHERE portfolio_id = ?", id)).isEqualTo(ordered.size());

            // a re-adjusted snapshot: every day revalued, none counted twice, fills kept at their price
            stub.adjusted(1.02);
            JsonPath again = refresh(id);
            assertThat(again.getLong("snapshotId")).isEqualTo(MarketDataStub.ADJUSTED);
            assertThat(again.getList("days.day")).isEqualTo(days);
            assertThat(scalar("SELECT count(*) FROM portfolio_equity WHERE portfolio_id = ?", id)).isEqualTo(days.size());
            double invested = lastEquity - cash.doubleValue();
            assertThat(again.getDouble("days[5].equity")).isCloseTo(cash.doubleValue() + invested * 1.02, within(1e-3));
            assertThat(scalar("SELECT count(*) FROM fill WHERE portfolio_id = ?", id)).isEqualTo(ordered.size());
            given().get("/api/v1/portfolios/" + id + "/tracking").then().statusCode(200);

            // the gauges, labelled by portfolio
            metrics.refresh();
            String m = given().get("/q/metrics").asString();
            assertThat(metric(m, "keel_portfolio_equity{portfolio=\"trk-paper\"}")).isCloseTo(again.getDouble("days[5].equity"), within(1e-6));
            assertThat(metric(m, "keel_portfolio_expected_equity{portfolio=\"trk-paper\"}")).isCloseTo(again.getDouble("days[5].expected"), within(1e-6));
            assertThat(metric(m, "keel_portfolio_tracking_error{portfolio=\"trk-paper\"}"))
                    .isCloseTo(again.getDouble("summary.trackingErrorAnnualised"), within(1e-9));
            assertThat(metric(m, "keel_portfolio_drawdown{portfolio=\"trk-paper\"}")).isCloseTo(again.getDouble("drawdown"), within(1e-9));
            assertThat(metric(m, "keel_portfolio_pending_orders{portfolio=\"trk-paper\"}")).isZero();
            assertThat(metric(m, "keel_portfolio_days_since_last_fill{portfolio=\"trk-paper\"}")).isBetween(0.0, 0.01);
            assertThat(metric(m, "keel_portfolio_info{definition=\"trk-def\",mode=\"PAPER\",portfolio=\"trk-paper\"}")).isEqualTo(1);
            assertThat(metric(m, "keel_portfolio_tracking_error_threshold")).isEqualTo(0.05);
        } finally {
            stub.latestEnd(null);
            stub.adjusted(1.0);
        }
    }

    @Test
    void realPortfolio_valuedFromItsRecordedFills_fromTheirExecutionDay_neverFilledAutomatically() throws Exception {
        MarketDataStub stub = MarketDataStubResource.stub();
        stub.latestEnd(DECIDED);
        try {
            Api.createDefinition(Defs.json("level70-ew", "trk-real-def"));
            given().contentType(ContentType.JSON).body(Map.of("active", true)).put("/api/v1/definitions/trk-real-def/active").then().statusCode(200);
            Response created = given().contentType(ContentType.JSON).body(Map.of("name", "trk-real", "definition", "trk-real-def",
                    "initialCapital", 50_000)).post("/api/v1/portfolios");
            assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
            long id = created.jsonPath().getLong("id");
            List<Map<String, Object>> ordered = given().queryParam("allowStale", true).get("/api/v1/portfolios/" + id + "/orders/latest")
                    .jsonPath().getList("orders");
            stub.latestEnd(null);

            // REAL (the default): a newer snapshot fills nothing by itself; the days are valued at the initial cash
            JsonPath t = refresh(id);
            assertThat(t.getString("mode")).isEqualTo("REAL");
            assertThat(scalar("SELECT count(*) FROM fill WHERE portfolio_id = ?", id)).isZero();
            assertThat(t.getList("days.equity", Double.class)).allSatisfy(e -> assertThat(e).isCloseTo(50_000, within(1e-9)));

            // the broker's fills, executed on Tuesday 2025-09-23 at prices of its own (not the close), with a fee each
            LocalDate executed = LocalDate.parse("2025-09-23");
            java.util.List<Map<String, Object>> fills = new java.util.ArrayList<>();
            BigDecimal cash = new BigDecimal("50000");
            BigDecimal fees = BigDecimal.ZERO;
            Map<String, BigDecimal> shares = new java.util.HashMap<>();
            for (Map<String, Object> o : ordered) {
                String symbol = (String) o.get("symbol");
                BigDecimal q = new BigDecimal(o.get("quantity").toString());
                BigDecimal px = BigDecimal.valueOf(close(symbol, executed)).multiply(new BigDecimal("1.001")).setScale(4, RoundingMode.HALF_EVEN);
                BigDecimal fee = new BigDecimal("2.50");
                fills.add(Map.of("fillId", "broker-" + o.get("id"), "orderId", o.get("id"), "quantity", q, "price", px, "fee", fee,
                        "executedAt", "2025-09-23T15:45:00-04:00"));
                cash = cash.subtract(q.multiply(px)).subtract(fee);
                fees = fees.add(fee);
                shares.put(symbol, q);
            }
            given().contentType(ContentType.JSON).body(Map.of("fills", fills)).post("/api/v1/portfolios/" + id + "/fills").then().statusCode(200);

            t = refresh(id);
            assertThat(t.getList("days.day")).containsExactly("2025-09-19", "2025-09-22", "2025-09-23", "2025-09-24", "2025-09-25", "2025-09-26");
            // before the execution day: the initial cash; from it on: the cash after the fills plus the shares at each day's close
            assertThat(t.getDouble("days[0].equity")).isCloseTo(50_000, within(1e-9));
            assertThat(t.getDouble("days[1].equity")).isCloseTo(50_000, within(1e-9));
            for (int i = 2; i < 6; i++) {
                LocalDate day = LocalDate.parse(t.getString("days[" + i + "].day"));
                double equity = cash.doubleValue();
                for (Map.Entry<String, BigDecimal> e : shares.entrySet()) {
                    equity += e.getValue().doubleValue() * close(e.getKey(), day);
                }
                assertThat(t.getDouble("days[" + i + "].equity")).as("equity on " + day).isCloseTo(equity, within(1e-4));
                assertThat(t.getDouble("days[" + i + "].cash")).isCloseTo(cash.doubleValue(), within(1e-6));
            }
            assertThat(t.getDouble("summary.costsPaid")).isCloseTo(fees.doubleValue(), within(1e-9));
            assertThat(scalar("SELECT count(*) FROM fill WHERE portfolio_id = ?", id)).as("only the recorded fills").isEqualTo(ordered.size());
            assertThat(scalar("SELECT count(*) FROM portfolio_equity WHERE portfolio_id = ?", id)).isEqualTo(6);
        } finally {
            stub.latestEnd(null);
        }
    }

    @Test
    void trackingWithoutOrders_is409_andBadModes_are400() {
        Api.createDefinition(Defs.json("level70-ew", "trk-none-def"));
        long id = given().contentType(ContentType.JSON).body(Map.of("name", "trk-none", "definition", "trk-none-def", "initialCapital", 1000))
                .post("/api/v1/portfolios").jsonPath().getLong("id");
        given().post("/api/v1/portfolios/" + id + "/tracking/refresh").then().statusCode(409);
        for (String bad : List.of("{\"mode\": \"paper\"}", "{\"mode\": 1}", "{}", "{\"mode\": \"PAPER\", \"x\": 1}", "[]")) {
            given().contentType(ContentType.JSON).body(bad).put("/api/v1/portfolios/" + id + "/tracking/mode").then().statusCode(400)
                    .contentType("application/problem+json");
        }
        given().get("/api/v1/portfolios/99999/tracking").then().statusCode(404);
    }

    @Test
    void summary_trackingErrorIsTheAnnualisedStdevOfDailyDifferences() {
        List<TrackingMath.Day> days = List.of(
                new TrackingMath.Day(LocalDate.parse("2025-01-02"), 100, 100.0, 10, 0),
                new TrackingMath.Day(LocalDate.parse("2025-01-03"), 101, 100.5, 10, 1),
                new TrackingMath.Day(LocalDate.parse("2025-01-06"), 100, 100.0, 10, 1),
                new TrackingMath.Day(LocalDate.parse("2025-01-07"), 103, 101.0, 10, 2));
        TrackingMath.Summary s = TrackingMath.summarise(days);
        double d1 = 101 / 100.0 - 100.5 / 100.0;
        double d2 = 100 / 101.0 - 100.0 / 100.5;
        double d3 = 103 / 100.0 - 101.0 / 100.0;
        double mean = (d1 + d2 + d3) / 3;
        double sd = Math.sqrt(((d1 - mean) * (d1 - mean) + (d2 - mean) * (d2 - mean) + (d3 - mean) * (d3 - mean)) / 2);
        assertThat(s.trackingErrorAnnualised()).isCloseTo(sd * Math.sqrt(252), within(1e-12));
        assertThat(s.trackingDifference()).isCloseTo(0.03 - 0.01, within(1e-12));
        assertThat(s.costsPaid()).isEqualTo(2);
        assertThat(s.divergences().get(0).day()).isEqualTo(LocalDate.parse("2025-01-07"));
        assertThat(s.maxGapDay()).isEqualTo(LocalDate.parse("2025-01-07"));
        assertThat(s.averageCashWeight()).isCloseTo((10 / 100.0 + 10 / 101.0 + 10 / 100.0 + 10 / 103.0) / 4, within(1e-12));
        assertThat(TrackingMath.drawdown(days)).isZero();
    }
}
