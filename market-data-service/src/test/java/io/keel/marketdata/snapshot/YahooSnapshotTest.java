package io.keel.marketdata.snapshot;

import static io.keel.common.testing.Keys.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.keel.marketdata.TestSupport;
import io.keel.marketdata.store.SnapshotRepository;
import io.keel.marketdata.yahoo.LoopbackYahoo;
import io.keel.marketdata.yahoo.LoopbackYahooResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Snapshots from the loopback Yahoo server into the real PostgreSQL test database. */
@QuarkusTest
@QuarkusTestResource(LoopbackYahooResource.class)
class YahooSnapshotTest {

    @Inject
    TestSupport support;

    @Inject
    SnapshotRepository snapshots;

    private static String prices(String symbols, String snapshot) {
        return given().queryParam("symbols", symbols).queryParam("snapshot", snapshot).queryParam("from", "2010-01-01")
                .when().get("/api/v1/prices").then().statusCode(200).extract().asString();
    }

    @Test
    void fullSnapshot_storesEveryBarOfTheEightEtfs_withDividendsAndChecksum() throws Exception {
        LoopbackYahoo yahoo = support.reset();
        yahoo.serveClasspathCsv("sample-data/etf8", TestSupport.ETF8, null);

        JsonPath s = TestSupport.snapshot(Map.of("symbols", TestSupport.ETF8, "start", "2010-01-01"));

        assertThat(s.getString("status")).isEqualTo("succeeded");
        assertThat(s.getString("source")).isEqualTo("yahoo");
        assertThat(s.getString("checksum")).hasSize(64);
        assertThat(s.getList("symbols.status")).containsOnly("ok");
        assertThat(s.getList("symbols.rowsWritten", Integer.class)).containsOnly(3958);
        assertThat(s.getInt("rowsWritten")).isEqualTo(8 * 3958);
        assertThat(support.scalar("SELECT count(*) FROM marketdata.bar")).isEqualTo(8 * 3958);
        // SPY pays quarterly: the dividends implied by the adjusted closes arrived as events
        assertThat(support.scalar("SELECT count(*) FROM marketdata.corporate_action WHERE symbol = 'SPY' AND action_type = 'DIVIDEND'"))
                .isGreaterThanOrEqualTo(60);
        // every request carried a browser-like User-Agent and the chart API parameters
        assertThat(yahoo.requests()).allSatisfy(r -> {
            assertThat(r.userAgent()).startsWith("Mozilla/5.0");
            assertThat(r.uri().getQuery()).contains("interval=1d").contains("events=div,splits").contains("period1=").contains("period2=");
        });
        JsonPath p = given().queryParam("symbols", "SPY,GLD").queryParam("from", "2025-09-26").queryParam("to", "2025-09-26")
                .when().get("/api/v1/prices").then().statusCode(200).extract().jsonPath();
        assertThat(p.getList("dates")).containsExactly("2025-09-26");
        // etf8 SPY.csv 2025-09-26 adj_close 661.8200073242188, stored exactly
        assertThat(p.getDouble("values.SPY[0]")).isEqualTo(661.8200073242188);
    }

    @Test
    void dailySnapshot_addsOnlyTheNewDays_andRerunIsIdempotent() throws Exception {
        LoopbackYahoo yahoo = support.reset();
        yahoo.serveClasspathCsv("sample-data/etf8", TestSupport.ETF8, LocalDate.of(2025, 9, 19));
        JsonPath first = TestSupport.snapshot(Map.of("symbols", TestSupport.ETF8, "start", "2010-01-01"));
        assertThat(first.getString("status")).isEqualTo("succeeded");
        long before = support.scalar("SELECT count(*) FROM marketdata.bar");

        // a week later: Yahoo now has 5 more days (2025-09-22..26); the snapshot re-fetches a trailing window only
        yahoo.serveClasspathCsv("sample-data/etf8", TestSupport.ETF8, null);
        JsonPath daily = TestSupport.snapshot(Map.of());
        assertThat(daily.getString("status")).isEqualTo("succeeded");
        assertThat(daily.getList("symbols.symbol")).containsExactlyInAnyOrderElementsOf(TestSupport.ETF8);
        assertThat(daily.getList("symbols.rowsWritten", Integer.class)).containsOnly(5);
        assertThat(daily.getList("symbols.rowsUnchanged", Integer.class)).allSatisfy(n -> assertThat(n).isBetween(5, 10));
        long after = support.scalar("SELECT count(*) FROM marketdata.bar");
        assertThat(after - before).as("storage growth of one daily snapshot (a full copy would be %d rows)", after)
                .isEqualTo(8 * 5);
        // the window asked of Yahoo starts trailing-days (10) before the last stored bar, not in 2010
        assertThat(yahoo.requests("SPY").get(yahoo.requests("SPY").size() - 1).uri().getQuery())
                .contains("period1=" + LocalDate.of(2025, 9, 9).atStartOfDay(java.time.ZoneId.of("America/New_York")).toEpochSecond());

        // the same day again: nothing new, same data, same checksum
        JsonPath rerun = TestSupport.snapshot(Map.of());
        assertThat(rerun.getString("status")).isEqualTo("succeeded");
        assertThat(rerun.getList("symbols.status")).containsOnly("unchanged");
        assertThat(rerun.getInt("rowsWritten")).isZero();
        assertThat(rerun.getString("checksum")).isEqualTo(daily.getString("checksum"));
        assertThat(support.scalar("SELECT count(*) FROM marketdata.bar")).isEqualTo(after);
        // the first snapshot still reads as it was
        assertThat(snapshots.checksum(first.getLong("id"))).isEqualTo(first.getString("checksum"));
    }

    @Test
    void oldSnapshot_isReproducedExactly_afterYahooReadjustedHistory() throws Exception {
        LoopbackYahoo yahoo = support.reset();
        yahoo.serveClasspathCsv("sample-data/etf8", TestSupport.ETF8, null);
        JsonPath s1 = TestSupport.snapshot(Map.of("symbols", TestSupport.ETF8, "start", "2010-01-01"));
        long id1 = s1.getLong("id");
        String pricesAt1 = prices("SPY,QQQ,TLT,GLD", String.valueOf(id1));

        // eleven months later Yahoo re-based every adjusted close (etf8_2026) and has new days
        yahoo.serveClasspathCsv("etf8_2026", TestSupport.ETF8, null);
        JsonPath s2 = TestSupport.snapshot(Map.of());
        assertThat(s2.getString("status")).isEqualTo("succeeded");
        long id2 = s2.getLong("id");
        assertThat(s2.getList("symbols.message", String.class)).allSatisfy(m -> assertThat(m).contains("re-based"));

        // pinned to snapshot 1: byte-for-byte the same answer, and the stored checksum still matches
        assertThat(prices("SPY,QQQ,TLT,GLD", String.valueOf(id1))).isEqualTo(pricesAt1);
        assertThat(snapshots.checksum(id1)).isEqualTo(s1.getString("checksum"));
        assertThat(s2.getString("checksum")).isNotEqualTo(s1.getString("checksum"));

        // latest: the new basis everywhere (no mixed segments) and the new days
        JsonPath latest = given().queryParam("symbols", "SPY,TLT").queryParam("from", "2015-01-02").queryParam("to", "2015-01-02")
                .when().get("/api/v1/prices").then().statusCode(200).extract().jsonPath();
        assertThat(latest.getLong("snapshotId")).isEqualTo(id2);
        JsonPath old = given().queryParam("symbols", "SPY,TLT").queryParam("from", "2015-01-02").queryParam("to", "2015-01-02")
                .queryParam("snapshot", id1).when().get("/api/v1/prices").then().statusCode(200).extract().jsonPath();
        // etf8_2026 / etf8 level ratios from their SOURCE.md: SPY 0.99178, TLT 0.95985
        assertThat(latest.getDouble("values.SPY[0]") / old.getDouble("values.SPY[0]")).isCloseTo(0.99178, org.assertj.core.data.Offset.offset(2e-5));
        assertThat(latest.getDouble("values.TLT[0]") / old.getDouble("values.TLT[0]")).isCloseTo(0.95985, org.assertj.core.data.Offset.offset(2e-5));
        JsonPath inst = given().when().get("/api/v1/instruments/QQQ").then().statusCode(200).extract().jsonPath();
        assertThat(inst.getString("lastDate")).isEqualTo("2026-08-21");
        assertThat(inst.getLong("latestSnapshotId")).isEqualTo(id2);
        JsonPath instAt1 = given().queryParam("symbols", "QQQ").queryParam("snapshot", id1).when().get("/api/v1/prices")
                .then().statusCode(200).extract().jsonPath();
        assertThat(instAt1.getList("dates").get(instAt1.getList("dates").size() - 1)).isEqualTo("2025-09-26");
    }

    @Test
    void metrics_exposeSnapshotsYahooOutcomesRetriesCircuitAndFreshness() throws Exception {
        LoopbackYahoo yahoo = support.reset();
        yahoo.serveClasspathCsv("sample-data/etf8", List.of("SPY"), null);
        yahoo.enqueue("SPY", LoopbackYahoo.Fault.tooManyRequests(0), LoopbackYahoo.Fault.status(503));
        assertThat(TestSupport.snapshot(Map.of("symbols", List.of("SPY"), "start", "2025-01-01")).getString("status")).isEqualTo("succeeded");
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics)
                .contains("keel_snapshot_duration_seconds_count{source=\"yahoo\",status=\"succeeded\"}")
                .contains("keel_snapshot_rows_written_total{source=\"yahoo\"}")
                .contains("keel_bars_rejected_total")
                .contains("keel_bars_repaired_total")
                .contains("keel_yahoo_requests_total{outcome=\"429\"}")
                .contains("keel_yahoo_requests_total{outcome=\"5xx\"}")
                .contains("keel_yahoo_requests_total{outcome=\"ok\"}")
                .contains("keel_yahoo_circuit_state")
                .contains("keel_data_freshness_days{symbol=\"SPY\"}")
                .contains("ft_retry_retries_total");
    }
}
