package io.keel.strategy.app.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.keel.engine.data.PriceCsv;
import io.keel.engine.data.PriceHistory;
import io.keel.engine.data.PriceSeries;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback stand-in for market-data-service's {@code GET /api/v1/prices}, serving the bundled
 * etf8 sample prices (adj_close). Snapshot {@value #LATEST} ({@code latest}) holds every bar;
 * snapshot {@value #OLD} holds the bars up to {@link #OLD_END}. Unknown symbols and snapshots
 * answer 404 problem+json, like the real service.
 */
public final class MarketDataStub implements AutoCloseable {

    public static final long LATEST = 3;
    public static final long OLD = 2;
    public static final LocalDate OLD_END = LocalDate.parse("2024-12-31");
    /** A snapshot that failed (no prices can be read from it). */
    public static final long FAILED = 4;
    /** A snapshot still being taken. */
    public static final long RUNNING = 5;
    /** While {@link #latestEnd(LocalDate)} is set: "latest" is this snapshot, the bars up to that date. */
    public static final long EARLY = 6;
    /** While {@link #adjusted(double)} is set: "latest" is this snapshot, every price times the factor (a re-adjusted history). */
    public static final long ADJUSTED = 7;
    public static final List<String> ETF8 = List.of("SPY", "QQQ", "IWM", "EFA", "EEM", "TLT", "LQD", "GLD");

    private static PriceHistory etf8;

    private final HttpServer server;
    private final Map<String, TreeMap<LocalDate, Double>> bars = new HashMap<>();
    private volatile long delayMillis;
    private final AtomicInteger requests = new AtomicInteger();
    private volatile String lastApiKey;
    private volatile LocalDate earlyEnd;
    private volatile boolean early;
    private volatile double factor = 1.0;

    public MarketDataStub() throws IOException {
        for (String s : ETF8) {
            PriceSeries ps = etf8().series(s).orElseThrow();
            TreeMap<LocalDate, Double> m = new TreeMap<>();
            LocalDate[] d = ps.dates();
            double[] p = ps.prices();
            for (int i = 0; i < d.length; i++) {
                m.put(d[i], p[i]);
            }
            bars.put(s, m);
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "market-data-stub");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/api/v1/prices", this::prices);
        server.createContext("/api/v1/snapshots/", this::snapshot);
        server.start();
    }

    /** The sample prices as the engine reads them from CSV. */
    public static synchronized PriceHistory etf8() {
        if (etf8 == null) {
            try {
                etf8 = PriceCsv.readDirectory(repo().resolve("examples/data/etf8"), ETF8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return etf8;
    }

    public static Path repo() {
        String r = System.getProperty("keel.repo");
        return r != null ? Path.of(r) : Path.of("../..").toAbsolutePath().normalize();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Every answer waits this long first (to make runs last long enough to be interrupted). */
    public void delayMillis(long millis) {
        this.delayMillis = millis;
    }

    /**
     * Makes "latest" snapshot {@value #EARLY}, holding the bars up to {@code end}; null makes it {@value #LATEST} again
     * (a newer snapshot arrives). Snapshot {@value #EARLY} keeps serving the bars up to the last end set.
     */
    public void latestEnd(LocalDate end) {
        if (end != null) {
            earlyEnd = end;
        }
        early = end != null;
    }

    /** Makes "latest" snapshot {@value #ADJUSTED}: every price times {@code f}; 1 makes it {@value #LATEST} again. */
    public void adjusted(double f) {
        factor = f;
    }

    /** The X-API-Key header of the last prices request (null when none was sent). */
    public String lastApiKey() {
        return lastApiKey;
    }

    public int requests() {
        return requests.get();
    }

    private void prices(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        lastApiKey = ex.getRequestHeaders().getFirst("X-API-Key");
        try {
            if (delayMillis > 0) {
                Thread.sleep(delayMillis);
            }
            Map<String, String> q = query(ex.getRequestURI().getRawQuery());
            String snap = q.getOrDefault("snapshot", "latest");
            long snapshot;
            if (snap.equals("latest")) {
                snapshot = early ? EARLY : factor != 1.0 ? ADJUSTED : LATEST;
            } else {
                try {
                    snapshot = Long.parseLong(snap);
                } catch (NumberFormatException e) {
                    snapshot = -1;
                }
            }
            if (snapshot != LATEST && snapshot != OLD && !(snapshot == EARLY && earlyEnd != null) && snapshot != ADJUSTED) {
                problem(ex, 404, "unknown snapshot " + snap);
                return;
            }
            List<String> symbols = List.of(q.getOrDefault("symbols", "").split(","));
            for (String s : symbols) {
                if (!bars.containsKey(s)) {
                    problem(ex, 404, "unknown symbol " + s);
                    return;
                }
            }
            LocalDate from = q.containsKey("from") ? LocalDate.parse(q.get("from")) : LocalDate.MIN;
            LocalDate to = q.containsKey("to") ? LocalDate.parse(q.get("to")) : LocalDate.MAX;
            if (snapshot == OLD && to.isAfter(OLD_END)) {
                to = OLD_END;
            }
            if (snapshot == EARLY && to.isAfter(earlyEnd)) {
                to = earlyEnd;
            }
            double scale = snapshot == ADJUSTED ? factor : 1.0;
            TreeSet<LocalDate> axis = new TreeSet<>();
            Map<String, java.util.NavigableMap<LocalDate, Double>> sub = new LinkedHashMap<>();
            for (String s : symbols) {
                var m = from.isAfter(to) ? new TreeMap<LocalDate, Double>() : bars.get(s).subMap(from, true, to, true);
                sub.put(s, m);
                axis.addAll(m.keySet());
            }
            StringBuilder sb = new StringBuilder(axis.size() * 8 * 20 + 256);
            sb.append("{\"snapshotId\":").append(snapshot).append(",\"field\":\"adj_close\",\"symbols\":[");
            for (int i = 0; i < symbols.size(); i++) {
                sb.append(i > 0 ? "," : "").append('"').append(symbols.get(i)).append('"');
            }
            sb.append("],\"dates\":[");
            boolean first = true;
            for (LocalDate d : axis) {
                sb.append(first ? "" : ",").append('"').append(d).append('"');
                first = false;
            }
            sb.append("],\"values\":{");
            for (int i = 0; i < symbols.size(); i++) {
                var m = sub.get(symbols.get(i));
                sb.append(i > 0 ? "," : "").append('"').append(symbols.get(i)).append("\":[");
                first = true;
                for (LocalDate d : axis) {
                    Double v = m.get(d);
                    sb.append(first ? "" : ",").append(v == null ? "null" : Double.toString(v * scale));
                    first = false;
                }
                sb.append(']');
            }
            sb.append("}}");
            send(ex, 200, "application/json", sb.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            problem(ex, 400, String.valueOf(e.getMessage()));
        }
    }

    /** {@code GET /api/v1/snapshots/{id}}: the snapshot's id and status, as market-data-service answers (more fields there). */
    private void snapshot(HttpExchange ex) throws IOException {
        String raw = ex.getRequestURI().getPath().substring("/api/v1/snapshots/".length());
        long id;
        try {
            id = Long.parseLong(raw);
        } catch (NumberFormatException e) {
            problem(ex, 400, "snapshot id " + raw);
            return;
        }
        String status = id == LATEST || id == OLD || id == EARLY || id == ADJUSTED ? "succeeded" : id == FAILED ? "failed" : id == RUNNING ? "running" : null;
        if (status == null) {
            problem(ex, 404, "snapshot " + id + " not found");
            return;
        }
        send(ex, 200, "application/json", "{\"id\":" + id + ",\"source\":\"stub\",\"status\":\"" + status + "\",\"rowsWritten\":1}");
    }

    private static void problem(HttpExchange ex, int status, String detail) throws IOException {
        send(ex, status, "application/problem+json",
                "{\"type\":\"about:blank\",\"title\":\"Not found\",\"status\":" + status + ",\"detail\":\"" + detail.replace("\"", "'") + "\"}");
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(b);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null) {
            return out;
        }
        for (String kv : raw.split("&")) {
            int i = kv.indexOf('=');
            if (i > 0) {
                out.put(URLDecoder.decode(kv.substring(0, i), StandardCharsets.UTF_8),
                        URLDecoder.decode(kv.substring(i + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
