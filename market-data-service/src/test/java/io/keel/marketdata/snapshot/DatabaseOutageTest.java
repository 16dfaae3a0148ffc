package io.keel.marketdata.snapshot;

import io.keel.marketdata.TestSupport;
import io.keel.marketdata.yahoo.LoopbackYahoo;
import io.keel.marketdata.yahoo.LoopbackYahoo.Fault;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.keel.common.testing.Keys.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A snapshot whose run ends while the database stays away longer than background work waits for it
 * ({@code keel.database.outage-wait}, 2 s in the tests): the run gives up, the database never learns
 * the end, and once the database is back the service records it by itself (no restart): the symbols
 * left without an outcome failed, the snapshot failed or partial, with the reason in its note.
 */
@QuarkusTest
class DatabaseOutageTest {

    private static final List<String> SYMBOLS = List.of("SPY", "QQQ");

    @Inject
    TestSupport support;

    @Inject
    SwitchableDatabaseRetry database;

    @Inject
    SnapshotService service;

    @AfterEach
    void databaseBack() {
        database.down(false);
    }

    @Test
    void aSnapshotEndingInALongOutage_isRecordedOnceTheDatabaseIsBack_withoutARestart() throws Exception {
        LoopbackYahoo yahoo = support.reset();
        yahoo.serveClasspathCsv("sample-data/etf8", SYMBOLS, null);
        yahoo.enqueue("SPY", Fault.slow(1500)); // SPY arrives while the database is away
        long id = given().contentType(ContentType.JSON).body(Map.of("symbols", SYMBOLS, "start", "2025-01-01"))
                .when().post("/api/v1/snapshots").then().statusCode(202).extract().jsonPath().getLong("id");
        waitFor(() -> "running".equals(status(id)), "snapshot running");

        database.down(true);
        // SPY's write and its failure are each retried for 2 s, then finishing the snapshot is
        waitFor(service::endsToRecord, "the run given up");
        assertThat(status(id)).as("the database never learnt the end").isEqualTo("running");

        database.down(false);
        JsonPath s = TestSupport.await(id);
        assertThat(s.getString("status")).isIn("failed", "partial");
        assertThat(s.getString("note")).contains("database was unavailable");
        List<String> statuses = s.getList("symbols.status");
        assertThat(statuses).hasSize(2).noneMatch(x -> x.equalsIgnoreCase("running") || x.equalsIgnoreCase("queued"));
        JsonPath spy = new JsonPath(s.prettify()).setRootPath("symbols.find { it.symbol == 'SPY' }");
        assertThat(spy.getString("status")).isEqualToIgnoringCase("failed");
        assertThat(spy.getString("message")).contains("database was unavailable");
        assertThat(spy.getInt("rowsWritten")).isZero();
        assertThat(support.scalar("SELECT count(*) FROM marketdata.bar WHERE symbol = 'SPY'")).as("nothing of SPY half-written")
                .isZero();
        assertThat(service.endsToRecord()).isFalse();
    }

    private static String status(long id) {
        return given().when().get("/api/v1/snapshots/" + id).then().statusCode(200).extract().jsonPath().getString("status");
    }

    private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(20);
        }
    }
}
