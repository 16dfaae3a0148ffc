package io.keel.marketdata;

import static io.keel.common.testing.Keys.given;

import io.keel.marketdata.yahoo.LoopbackYahoo;
import io.restassured.RestAssured;
import io.restassured.config.JsonConfig;
import io.restassured.http.ContentType;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.path.json.JsonPath;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** Shared helpers of the Quarkus tests: a clean schema, the loopback Yahoo, and snapshot polling. */
@ApplicationScoped
public class TestSupport {

    public static final List<String> ETF8 = List.of("SPY", "QQQ", "IWM", "EFA", "EEM", "TLT", "LQD", "GLD");

    @Inject
    DataSource ds;

    @Inject
    CircuitBreakerMaintenance circuitBreakers;

    /** Empties every marketdata table (ids restart at 1), resets the circuit breaker and the loopback server. */
    public LoopbackYahoo reset() throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE marketdata.snapshot_issue, marketdata.bar, marketdata.corporate_action, marketdata.snapshot_symbol, "
                    + "marketdata.snapshot, marketdata.instrument RESTART IDENTITY CASCADE");
        }
        circuitBreakers.resetAll();
        RestAssured.config = RestAssured.config().jsonConfig(JsonConfig.jsonConfig().numberReturnType(JsonPathConfig.NumberReturnType.DOUBLE));
        LoopbackYahoo y = LoopbackYahoo.shared();
        y.reset();
        return y;
    }

    public long scalar(String sql) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** POSTs a snapshot request, waits until it finished, returns its GET body. */
    public static JsonPath snapshot(Map<String, Object> body) {
        long id = given().contentType(ContentType.JSON).body(body).when().post("/api/v1/snapshots")
                .then().statusCode(202).extract().jsonPath().getLong("id");
        return await(id);
    }

    /** Polls {@code GET /api/v1/snapshots/{id}} until the snapshot is no longer queued or running (30 s at most). */
    public static JsonPath await(long id) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            JsonPath j = given().when().get("/api/v1/snapshots/" + id).then().statusCode(200).extract().jsonPath();
            String status = j.getString("status");
            if (!status.equals("queued") && !status.equals("running")) {
                return j;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("snapshot " + id + " still " + status);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
