package io.keel.strategy.app;

import io.keel.strategy.app.support.Defs;
import io.keel.strategy.app.support.MarketDataStub;
import io.keel.strategy.app.support.PackagedNodes;
import io.keel.strategy.app.support.PackagedNodes.Node;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import static io.keel.strategy.app.support.PackagedNodes.HTTP;
import static io.keel.strategy.app.support.PackagedNodes.db;
import static io.keel.strategy.app.support.PackagedNodes.scalar;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A sweep on two packaged strategy-service JVMs ({@code quarkus-run.jar}) of one Quartz cluster, as {@link ClusterIT}
 * does for runs: both nodes take chunks; one node is SIGKILLed halfway, the survivor recovers its chunks; every valid
 * variant's result is stored exactly once, and the metrics and moments equal, bit for bit, those of the same sweep run
 * on the survivor alone.
 */
class SweepClusterIT {

    static final String KEY = io.keel.common.security.ApiKey.newToken();

    static MarketDataStub stub;
    static Node a;
    static Node b;

    static Node start(String name) throws Exception {
        return PackagedNodes.start(name, "sweep-" + name + ".log", stub.url(), "sweep-it", KEY,
                List.of("-Dkeel.signals.cron=0 0 3 1 1 ? 2099", "-Dkeel.sweeps.chunk-size=10"));
    }

    @BeforeAll
    static void startCluster() throws Exception {
        try (Connection c = db(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS strategy CASCADE");
        }
        stub = new MarketDataStub();
        try {
            a = start("node-a");
            b = start("node-b");
        } catch (Throwable t) {
            stopCluster();
            throw t;
        }
    }

    @AfterAll
    static void stopCluster() throws Exception {
        for (Node n : new Node[]{a, b}) {
            if (n != null) {
                n.kill();
            }
        }
        if (stub != null) {
            stub.close();
        }
    }


    static HttpResponse<String> get(String base, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(Node n, String path, String json) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(n.url() + path)).timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json").header("X-API-Key", KEY).POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** 12 x 10 x 3 = 360 variants, of which the 120 with threshold 0.35 (above fullBrakeAt 0.3) are invalid: 240 run in 24 chunks. */
    static final String SWEEP = "{\"definition\":\"cluster-sweep\",\"snapshot\":" + MarketDataStub.LATEST + ",\"axes\":["
            + "{\"pointer\":\"/overlays/0/params/targetVol\",\"values\":{\"from\":0.04,\"to\":0.26,\"step\":0.02}},"
            + "{\"pointer\":\"/overlays/1/params/minScale\",\"values\":{\"from\":0.1,\"to\":1.0,\"step\":0.1}},"
            + "{\"pointer\":\"/overlays/1/params/threshold\",\"values\":[0.1,0.2,0.35]}]}";

    static long submit(Node n) throws Exception {
        HttpResponse<String> r = post(n, "/api/v1/sweeps", SWEEP);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return Long.parseLong(r.headers().firstValue("Location").orElseThrow().replaceAll(".*/", ""));
    }

    static String status(long id) throws Exception {
        try (Connection c = db(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT status FROM strategy.sweep WHERE id = " + id)) {
            rs.next();
            return rs.getString(1);
        }
    }

    static void awaitFinished(long id, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(status(id))) {
            assertThat(System.nanoTime()).as("sweep " + id + " finished in time").isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    @Test
    void sweepOnTwoNodes_storesEveryVariantOnce_whenOneNodeIsKilledHalfway_andEqualsASingleNodeRunBitForBit() throws Exception {
        HttpResponse<String> created = post(a, "/api/v1/definitions", Defs.json("level70-ew", "cluster-sweep"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        stub.delayMillis(500); // each chunk's price request takes 0.5 s: chunks are in flight on both nodes when A dies
        long id = submit(a);
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        // halfway: 12 of the 24 chunks done, and node A has a chunk running (claimed, not stored)
        while (true) {
            assertThat(System.nanoTime()).as("sweep halfway in time").isLessThan(deadline);
            long done = scalar("SELECT count(*) FROM strategy.sweep_chunk WHERE sweep_id = " + id + " AND status = 'DONE'");
            long runningOnA = scalar("SELECT count(*) FROM strategy.sweep_chunk WHERE sweep_id = " + id + " AND status = 'RUNNING' AND node = '"
                    + a.instanceId() + "'");
            if (done >= 12 && runningOnA > 0) {
                break;
            }
            Thread.sleep(20);
        }
        long rowsAtKill = scalar("SELECT count(*) FROM strategy.sweep_variant WHERE sweep_id = " + id);
        long runningAtKill = scalar("SELECT count(*) FROM strategy.sweep_chunk WHERE sweep_id = " + id + " AND status = 'RUNNING' AND node = '"
                + a.instanceId() + "'");
        a.kill();
        stub.delayMillis(0);
        awaitFinished(id, Duration.ofSeconds(120));

        HttpResponse<String> view = get(b.url(), "/api/v1/sweeps/" + id);
        String body = view.body();
        long rows = scalar("SELECT count(*) FROM strategy.sweep_variant WHERE sweep_id = " + id);
        long distinct = scalar("SELECT count(DISTINCT variant_index) FROM strategy.sweep_variant WHERE sweep_id = " + id);
        long recovered = scalar("SELECT count(*) FROM strategy.sweep_chunk WHERE sweep_id = " + id + " AND attempts > 1");
        long byA = scalar("SELECT coalesce(sum(variant_count), 0) FROM strategy.sweep_chunk WHERE sweep_id = " + id + " AND node = '"
                + a.instanceId() + "' AND status = 'DONE'");
        long byB = scalar("SELECT coalesce(sum(variant_count), 0) FROM strategy.sweep_chunk WHERE sweep_id = " + id + " AND node = '"
                + b.instanceId() + "' AND status = 'DONE'");
        System.out.printf("sweep %d: %d rows at the kill (%d chunks running on A), %d rows in the end (%d distinct), %d chunks recovered; "
                + "variants by A %d, by B %d%n", id, rowsAtKill, runningAtKill, rows, distinct, recovered, byA, byB);
        assertThat(status(id)).as(body).isEqualTo("SUCCEEDED");
        assertThat(rowsAtKill).as("killed halfway").isBetween(120L, 200L);
        assertThat(rows).as("one row per valid variant").isEqualTo(240);
        assertThat(distinct).isEqualTo(240);
        assertThat(recovered).as("the chunks running on A were run again by B").isGreaterThanOrEqualTo(runningAtKill);
        assertThat(byA).as("both nodes took chunks").isPositive();
        assertThat(byB).isPositive();
        assertThat(byA + byB).isEqualTo(240);
        assertThat(body).contains("\"done\":240", "\"invalid\":120", "\"" + a.instanceId() + "\"", "\"" + b.instanceId() + "\"");
        assertThat(get(b.url(), "/q/metrics").body()).containsPattern("keel_sweep_variants_completed_total\\{[^}]*status=\"SUCCEEDED\"[^}]*} [1-9]");

        // the same sweep on the survivor alone: the same figures and moments, bit for bit
        long single = submit(b);
        awaitFinished(single, Duration.ofSeconds(120));
        assertThat(status(single)).isEqualTo("SUCCEEDED");
        long compared = scalar("SELECT count(*) FROM strategy.sweep_variant x JOIN strategy.sweep_variant y ON y.variant_index = x.variant_index "
                + "WHERE x.sweep_id = " + id + " AND y.sweep_id = " + single);
        long differing = scalar("SELECT count(*) FROM strategy.sweep_variant x JOIN strategy.sweep_variant y ON y.variant_index = x.variant_index "
                + "WHERE x.sweep_id = " + id + " AND y.sweep_id = " + single + " AND ("
                + "x.param_values IS DISTINCT FROM y.param_values OR x.cagr IS DISTINCT FROM y.cagr "
                + "OR x.annual_volatility IS DISTINCT FROM y.annual_volatility OR x.sharpe IS DISTINCT FROM y.sharpe "
                + "OR x.sortino IS DISTINCT FROM y.sortino OR x.max_drawdown IS DISTINCT FROM y.max_drawdown "
                + "OR x.calmar IS DISTINCT FROM y.calmar OR x.turnover IS DISTINCT FROM y.turnover "
                + "OR x.average_leverage IS DISTINCT FROM y.average_leverage OR x.moments IS DISTINCT FROM y.moments "
                + "OR x.failure IS DISTINCT FROM y.failure)");
        // float8 equality in PostgreSQL is bit equality for finite values; the texts of the doubles too
        long differingText = scalar("SELECT count(*) FROM strategy.sweep_variant x JOIN strategy.sweep_variant y ON y.variant_index = x.variant_index "
                + "WHERE x.sweep_id = " + id + " AND y.sweep_id = " + single + " AND (float8send(x.sharpe) <> float8send(y.sharpe) "
                + "OR float8send(x.cagr) <> float8send(y.cagr) OR float8send(x.max_drawdown) <> float8send(y.max_drawdown))");
        System.out.printf("single-node sweep %d: %d variants compared, %d differ%n", single, compared, differing + differingText);
        assertThat(compared).isEqualTo(240);
        assertThat(differing).isZero();
        assertThat(differingText).isZero();
    }
}
