package io.keel.strategy.app.webhooks;

import com.sun.net.httpserver.HttpServer;
import io.agroal.api.AgroalDataSource;
import io.keel.common.testing.Concurrent;
import io.keel.strategy.app.support.Api;
import io.keel.strategy.app.support.Defs;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static io.keel.common.testing.Keys.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * Signed webhooks against real loopback receivers: one that fails its first two attempts (retried with backoff, the
 * same event id, each attempt signed over the exact body), one that never answers (timeouts, then given up);
 * the secret is never served nor stored in clear; concurrent claims never hand one event to two claimers.
 * The test profile retries after 300 ms, doubling up to 2 s, 4 attempts at most, 1 s timeout.
 */
@QuarkusTest
class WebhooksTest {

    static final String SECRET = "receiver-shared-secret-0123456789";

    @Inject
    AgroalDataSource ds;

    @Inject
    WebhookDispatcher dispatcher;

    @Inject
    io.keel.strategy.app.tracking.PortfolioMetrics portfolioMetrics;

    /** One request the receiver saw. */
    record Seen(long atNanos, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    /** HMAC-SHA256 written here independently of the service's code, as a receiver would. */
    static String hmac(String secret, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    }

    static long portfolioFollowingInactive(String name) {
        Api.createDefinition(Defs.json("level70-ew", name + "-def"));
        Response r = given().contentType(ContentType.JSON).body(Map.of("name", name, "definition", name + "-def", "initialCapital", 100_000))
                .post("/api/v1/portfolios");
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(201);
        return r.jsonPath().getLong("id");
    }

    /** Activates the definition and asks for the orders: the order list (and its webhook event) is created now. */
    static JsonPath newOrderList(long id, String name) {
        given().contentType(ContentType.JSON).body(Map.of("active", true)).put("/api/v1/definitions/" + name + "-def/active")
                .then().statusCode(200);
        Response r = given().queryParam("allowStale", true).get("/api/v1/portfolios/" + id + "/orders/latest");
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        return r.jsonPath();
    }

    static void await(String what, Duration timeout, BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + timeout + ": " + what);
            }
            Thread.sleep(50);
        }
    }

    @Test
    void receiverFailingItsFirstAttempts_getsTheEventRetriedWithBackoff_sameIdAndSignedBody_untilDelivered() throws Exception {
        List<Seen> seen = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            seen.add(new Seen(System.nanoTime(), Map.copyOf(ex.getRequestHeaders()), body));
            ex.sendResponseHeaders(seen.size() <= 2 ? 500 : 204, -1);
            ex.close();
        });
        server.start();
        try {
            long id = portfolioFollowingInactive("wh-flaky");
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
            Response set = given().contentType(ContentType.JSON).body(Map.of("url", url, "secret", SECRET))
                    .put("/api/v1/portfolios/" + id + "/webhook");
            assertThat(set.statusCode()).as(set.asString()).isEqualTo(200);
            assertThat(set.asString()).doesNotContain(SECRET);
            assertThat(set.jsonPath().getBoolean("secretSet")).isTrue();
            assertThat(set.jsonPath().getString("signatureHeader")).isEqualTo("X-Keel-Signature");
            assertThat(given().get("/api/v1/portfolios/" + id + "/webhook").asString()).doesNotContain(SECRET).contains(url);
            // stored encrypted: neither the secret nor its bytes are in the row
            try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                    "SELECT secret_ciphertext FROM portfolio_webhook WHERE portfolio_id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(new String(rs.getBytes(1), StandardCharsets.ISO_8859_1)).doesNotContain(SECRET);
                }
            }
            given().queryParam("portfolio", "wh-flaky").get("/api/v1/audit").then().statusCode(200)
                    .body("action", hasItem("portfolio.webhook.set"));
            assertThat(given().queryParam("portfolio", "wh-flaky").get("/api/v1/audit").asString()).doesNotContain(SECRET);

            JsonPath orders = newOrderList(id, "wh-flaky");
            await("three attempts", Duration.ofSeconds(20), () -> seen.size() >= 3);
            Thread.sleep(500); // nothing more is sent after the 2xx
            assertThat(seen).hasSize(3);
            String eventId = seen.get(0).header("X-Keel-Event-Id");
            assertThat(UUID.fromString(eventId)).isNotNull();
            for (int i = 0; i < 3; i++) {
                Seen s = seen.get(i);
                assertThat(s.header("X-Keel-Event-Id")).as("the same idempotency id on every attempt").isEqualTo(eventId);
                assertThat(s.header("X-Keel-Delivery-Attempt")).isEqualTo(Integer.toString(i + 1));
                assertThat(s.header("X-Keel-Event-Type")).isEqualTo("orders.created");
                assertThat(s.header("X-Keel-Signature")).as("signature over the body received").isEqualTo(hmac(SECRET, s.body()));
                assertThat(s.header("X-Keel-Signature")).isNotEqualTo(hmac(SECRET + "x", s.body()));
                assertThat(s.body()).isEqualTo(seen.get(0).body());
            }
            // exponential backoff: >= 300 ms, then >= 600 ms
            assertThat(Duration.ofNanos(seen.get(1).atNanos() - seen.get(0).atNanos())).isGreaterThanOrEqualTo(Duration.ofMillis(280));
            assertThat(Duration.ofNanos(seen.get(2).atNanos() - seen.get(1).atNanos())).isGreaterThanOrEqualTo(Duration.ofMillis(580));
            JsonPath body = JsonPath.from(new String(seen.get(0).body(), StandardCharsets.UTF_8));
            assertThat(body.getString("eventId")).isEqualTo(eventId);
            assertThat(body.getString("type")).isEqualTo("orders.created");
            assertThat(body.getLong("portfolio.id")).isEqualTo(id);
            assertThat(body.getLong("orderList.orderListId")).isEqualTo(orders.getLong("orderListId"));
            assertThat(body.getList("orderList.orders.id")).isEqualTo(orders.getList("orders.id"));
            assertThat(body.getString("orderList.signal.asOf")).isEqualTo(orders.getString("signal.asOf"));

            await("delivery recorded", Duration.ofSeconds(5), () -> "DELIVERED".equals(
                    given().get("/api/v1/portfolios/" + id + "/webhook/deliveries").jsonPath().getString("[0].status")));
            JsonPath d = given().get("/api/v1/portfolios/" + id + "/webhook/deliveries").jsonPath();
            assertThat(d.getList("")).hasSize(1);
            assertThat(d.getString("[0].eventId")).isEqualTo(eventId);
            assertThat(d.getInt("[0].attempts")).isEqualTo(3);
            assertThat(d.getList("[0].attemptLog.outcome")).containsExactly("REJECTED", "REJECTED", "DELIVERED");
            assertThat(d.getList("[0].attemptLog.httpStatus")).containsExactly(500, 500, 204);
            assertThat(d.getString("[0].nextAttemptAt")).isNull();
            String metrics = given().get("/q/metrics").asString();
            assertThat(metric(metrics, "keel_webhook_attempts_total{outcome=\"REJECTED\"}")).isGreaterThanOrEqualTo(2);
            assertThat(metric(metrics, "keel_webhook_attempts_total{outcome=\"DELIVERED\"}")).isGreaterThanOrEqualTo(1);
            // the same order list asked again: no second event
            given().queryParam("allowStale", true).get("/api/v1/portfolios/" + id + "/orders/latest").then().statusCode(200);
            Thread.sleep(500);
            assertThat(seen).hasSize(3);
        } finally {
            server.stop(0);
        }
    }

    static double metric(String exposition, String series) {
        return exposition.lines().filter(l -> l.startsWith(series + " ")).mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1)))
                .findFirst().orElse(-1);
    }

    @Test
    void receiverThatNeverAnswers_timesOutEachAttempt_withGrowingBackoff_thenTheEventIsGivenUp() throws Exception {
        List<String> eventIds = new CopyOnWriteArrayList<>();
        List<Socket> held = Collections.synchronizedList(new ArrayList<>());
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                while (!silent.isClosed()) {
                    try {
                        Socket s = silent.accept();
                        held.add(s); // read the request, never answer
                        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
                        String line;
                        while ((line = in.readLine()) != null && !line.isEmpty()) {
                            if (line.toLowerCase().startsWith("x-keel-event-id:")) {
                                eventIds.add(line.substring(line.indexOf(':') + 1).trim());
                            }
                        }
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            long id = portfolioFollowingInactive("wh-silent");
            given().contentType(ContentType.JSON).body(Map.of("url", "http://127.0.0.1:" + silent.getLocalPort() + "/x", "secret", SECRET))
                    .put("/api/v1/portfolios/" + id + "/webhook").then().statusCode(200);
            newOrderList(id, "wh-silent");
            await("given up", Duration.ofSeconds(30), () -> "FAILED".equals(
                    given().get("/api/v1/portfolios/" + id + "/webhook/deliveries").jsonPath().getString("[0].status")));
            JsonPath d = given().get("/api/v1/portfolios/" + id + "/webhook/deliveries").jsonPath();
            assertThat(d.getInt("[0].attempts")).isEqualTo(4);
            assertThat(d.getList("[0].attemptLog.outcome")).containsOnly("TIMEOUT").hasSize(4);
            assertThat(d.getList("[0].attemptLog.durationMs", Integer.class)).allSatisfy(ms -> assertThat(ms).isGreaterThanOrEqualTo(900));
            assertThat(d.getString("[0].lastError")).contains("no answer within 1000 ms");
            assertThat(eventIds).hasSize(4).containsOnly(d.getString("[0].eventId"));
            List<String> starts = d.getList("[0].attemptLog.startedAt");
            List<Long> gaps = new ArrayList<>();
            for (int i = 1; i < starts.size(); i++) {
                gaps.add(Duration.between(java.time.OffsetDateTime.parse(starts.get(i - 1)), java.time.OffsetDateTime.parse(starts.get(i))).toMillis());
            }
            // start-to-start = 1 s timeout + 300, 600, 1200 ms backoff
            assertThat(gaps.get(0)).isGreaterThanOrEqualTo(1250);
            assertThat(gaps.get(1)).isGreaterThanOrEqualTo(1550);
            assertThat(gaps.get(2)).isGreaterThanOrEqualTo(2150);
            assertThat(metric(given().get("/q/metrics").asString(), "keel_webhook_attempts_total{outcome=\"TIMEOUT\"}"))
                    .isGreaterThanOrEqualTo(4);
            // the portfolio's webhook gauges: 4 failures since the first failed attempt, which is > 4 s ago
            portfolioMetrics.refresh();
            String m = given().get("/q/metrics").asString();
            assertThat(metric(m, "keel_portfolio_webhook_failures{portfolio=\"wh-silent\"}")).isEqualTo(4);
            assertThat(metric(m, "keel_portfolio_webhook_failing_seconds{portfolio=\"wh-silent\"}")).isGreaterThan(4);
            assertThat(metric(m, "keel_webhook_events{status=\"FAILED\"}")).isGreaterThanOrEqualTo(1);
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void concurrentClaims_neverHandOneEventToTwoClaimers() throws Exception {
        long id = portfolioFollowingInactive("wh-claims");
        long list = newOrderList(id, "wh-claims").getLong("orderListId");
        int n = 60;
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("INSERT INTO webhook_event (event_id, "
                + "portfolio_id, order_list_id, event_type, url, body, next_attempt_at) VALUES (?, ?, ?, ?, 'http://127.0.0.1:1/', '{}', now())")) {
            for (int i = 0; i < n; i++) {
                ps.setObject(1, UUID.randomUUID());
                ps.setLong(2, id);
                ps.setLong(3, list);
                ps.setString(4, "test.claim." + i);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        AtomicInteger node = new AtomicInteger();
        List<List<WebhookDispatcher.Claimed>> claims = Concurrent.all(8, i -> () -> {
            String me = "claimer-" + node.incrementAndGet();
            List<WebhookDispatcher.Claimed> mine = new ArrayList<>();
            for (int round = 0; round < 5; round++) {
                mine.addAll(dispatcher.claim(me, 3));
            }
            return mine;
        });
        Set<Long> seen = new HashSet<>();
        int total = 0;
        for (List<WebhookDispatcher.Claimed> l : claims) {
            for (WebhookDispatcher.Claimed cl : l) {
                assertThat(seen.add(cl.id())).as("event " + cl.id() + " claimed twice").isTrue();
                total++;
            }
        }
        assertThat(total).as("claimed by the 8 claimers (the service's own poller may take some)").isPositive().isLessThanOrEqualTo(n);
        // each event claimed by a test claimer names it and holds a lease
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM webhook_event WHERE portfolio_id = ? AND claimed_by LIKE 'claimer-%' AND claimed_until > now()")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(total);
            }
        }
    }

    @Test
    void badWebhookBodies_are400NamingTheField_andTheSecretIsNeverEchoed() {
        long id = portfolioFollowingInactive("wh-bad");
        String p = "/api/v1/portfolios/" + id + "/webhook";
        record Bad(String body, String field) {
        }
        for (Bad b : List.of(
                new Bad("{\"url\": \"ftp://x/\", \"secret\": \"" + SECRET + "\"}", "url"),
                new Bad("{\"url\": \"/relative\", \"secret\": \"" + SECRET + "\"}", "url"),
                new Bad("{\"url\": \"http://u:p@host/\", \"secret\": \"" + SECRET + "\"}", "url"),
                new Bad("{\"url\": \"http://host/\\u0000\", \"secret\": \"" + SECRET + "\"}", "url"),
                new Bad("{\"url\": 5, \"secret\": \"" + SECRET + "\"}", "url"),
                new Bad("{\"url\": \"http://host/\", \"secret\": \"short-secret\"}", "secret"),
                new Bad("{\"url\": \"http://host/\", \"secret\": 1234567890123456789}", "secret"),
                new Bad("{\"url\": \"http://host/\", \"secret\": \"" + SECRET + "\", \"extra\": 1}", "extra"),
                new Bad("[]", "$"))) {
            Response r = given().contentType(ContentType.JSON).body(b.body()).put(p);
            assertThat(r.statusCode()).as(b.body() + " -> " + r.asString()).isEqualTo(400);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.jsonPath().getList("errors.field")).as(b.body()).contains(b.field());
            assertThat(r.asString()).doesNotContain(SECRET);
        }
        given().get(p).then().statusCode(404);
        given().get("/api/v1/portfolios/" + id + "/webhook/deliveries?limit=0").then().statusCode(400).body("errors[0].field", equalTo("limit"));
        io.restassured.RestAssured.given().header("X-API-Key", io.keel.common.testing.Keys.VIEWER).contentType(ContentType.JSON)
                .body(Map.of("url", "http://host/", "secret", SECRET)).put(p).then().statusCode(403);
    }
}
