package io.keel.report.strategy;

import com.sun.net.httpserver.HttpServer;
import io.keel.common.ProblemException;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The strategy-service client against loopback servers: retries, problem mapping, series parsing. */
class StrategyClientTest {

    static StrategyClient client(URI url) {
        return new StrategyClient(new StrategyClient.Settings(url, Duration.ofMillis(500), Duration.ofSeconds(2), 2,
                Duration.ofMillis(10), 17));
    }

    @Test
    void unreachableStrategyService_is503WithRetryAfter_afterTheRetries() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        ProblemException e = catchThrowableOfType(ProblemException.class,
                () -> client(URI.create("http://127.0.0.1:" + port)).run(1));
        assertThat(e.problem().status()).isEqualTo(503);
        assertThat(e.retryAfterSeconds()).isEqualTo(17);
        assertThat(e.problem().detail()).contains("run 1");
    }

    @Test
    void transient503_isRetried_andUnknownRunIs404() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            String path = ex.getRequestURI().getPath();
            byte[] body;
            int status;
            if (path.equals("/api/v1/runs/5/series")) {
                status = calls.incrementAndGet() == 1 ? 503 : 200;
                body = "{\"runId\":5,\"dates\":[\"2024-01-02\",\"2024-01-03\"],\"columns\":{\"port_ret\":[0.01,null],\"leverage\":[1,1.5]}}"
                        .getBytes(StandardCharsets.UTF_8);
            } else {
                status = 404;
                body = "{}".getBytes(StandardCharsets.UTF_8);
            }
            ex.sendResponseHeaders(status, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        try {
            StrategyClient c = client(URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
            RunSeries s = c.series(5);
            assertThat(calls.get()).isEqualTo(2);
            assertThat(s.dates()).hasSize(2);
            assertThat(s.columnNames()).containsExactly("port_ret", "leverage");
            assertThat(s.require("port_ret")[0]).isEqualTo(0.01);
            assertThat(Double.isNaN(s.require("port_ret")[1])).as("null is NaN").isTrue();
            ProblemException e = catchThrowableOfType(ProblemException.class, () -> c.run(42));
            assertThat(e.problem().status()).isEqualTo(404);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void serviceKey_isSentAsXApiKey_andARefusedKeyIs502NamingTheSetting() throws Exception {
        java.util.List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            String key = ex.getRequestHeaders().getFirst("X-API-Key");
            seen.add(String.valueOf(key));
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders("good".equals(key) ? 404 : 401, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        try {
            URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
            StrategyClient good = new StrategyClient(new StrategyClient.Settings(url, Duration.ofMillis(500), Duration.ofSeconds(2), 0,
                    Duration.ofMillis(10), 17, "good"));
            assertThat(catchThrowableOfType(ProblemException.class, () -> good.run(1)).problem().status()).isEqualTo(404);
            StrategyClient bad = new StrategyClient(new StrategyClient.Settings(url, Duration.ofMillis(500), Duration.ofSeconds(2), 0,
                    Duration.ofMillis(10), 17, "bad"));
            ProblemException e = catchThrowableOfType(ProblemException.class, () -> bad.run(1));
            assertThat(e.problem().status()).isEqualTo(502);
            assertThat(e.problem().detail()).contains("KEEL_REPORT_SERVICE_KEY");
            assertThat(seen).containsExactly("good", "bad");
        } finally {
            server.stop(0);
        }
    }
}
