package io.keel.prices.yahoo;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback Yahoo chart API for tests (127.0.0.1, random port) answering {@code /v8/finance/chart/{symbol}} with the
 * recorded AAPL response ({@code yahoo/chart-AAPL-2020-08-31-to-2020-11-07.body.json}, see its SOURCE.md) for AAPL
 * and Yahoo's 404 "No data found" body for any other symbol, after the faults queued with {@link #enqueue} (one per
 * request, in order). Used by keel-prices' and keel-cli's tests (test-jar).
 */
public final class RecordedYahoo implements AutoCloseable {

    /** The recorded response body. */
    public static final byte[] AAPL_BODY = load("/yahoo/chart-AAPL-2020-08-31-to-2020-11-07.body.json");

    private static final byte[] NOT_FOUND = ("{\"chart\":{\"result\":null,\"error\":{\"code\":\"Not Found\","
            + "\"description\":\"No data found, symbol may be delisted\"}}}").getBytes();

    private record Fault(int status, String retryAfter) {
    }

    private final HttpServer server;
    private final Deque<Fault> faults = new ArrayDeque<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();

    private RecordedYahoo(HttpServer server) {
        this.server = server;
    }

    /** Starts the server. */
    public static RecordedYahoo start() throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        RecordedYahoo y = new RecordedYahoo(http);
        http.createContext("/v8/finance/chart/", exchange -> {
            try (exchange) {
                y.requests.add(exchange.getRequestURI().toString());
                Fault f;
                synchronized (y.faults) {
                    f = y.faults.poll();
                }
                byte[] body;
                int status;
                if (f != null) {
                    status = f.status();
                    body = "{\"finance\":{\"error\":{\"code\":\"Too Many Requests\"}}}".getBytes();
                    if (f.retryAfter() != null) {
                        exchange.getResponseHeaders().add("Retry-After", f.retryAfter());
                    }
                } else if (exchange.getRequestURI().getPath().endsWith("/AAPL")) {
                    status = 200;
                    body = AAPL_BODY;
                } else {
                    status = 404;
                    body = NOT_FOUND;
                }
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(status, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        http.start();
        return y;
    }

    /** Answers the next request with {@code status} (and a Retry-After header when not null) instead of the data. */
    public RecordedYahoo enqueue(int status, String retryAfter) {
        synchronized (faults) {
            faults.add(new Fault(status, retryAfter));
        }
        return this;
    }

    /** {@code http://127.0.0.1:port}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The request URIs received, in order. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private static byte[] load(String resource) {
        try (InputStream in = RecordedYahoo.class.getResourceAsStream(resource)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
