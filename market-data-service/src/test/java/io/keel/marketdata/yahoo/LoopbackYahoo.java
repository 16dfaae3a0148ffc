package io.keel.marketdata.yahoo;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A fake Yahoo chart API on 127.0.0.1 (random port) for tests: serves {@code /v8/finance/chart/{symbol}} in Yahoo's
 * JSON shape from daily CSV datasets (Keel layout), or a recorded body verbatim, and injects faults on demand.
 * Reusable by any module's tests: {@link #start()}, {@link #baseUrl()}, then {@link #serveClasspathCsv} /
 * {@link #serveBody} and the fault methods; {@link #reset()} between tests.
 * <ul>
 * <li>Bars are timestamped at the 09:30 New York open (as Yahoo does), filtered by {@code period1 <= t < period2};
 *     {@code meta.exchangeTimezoneName} is America/New_York.</li>
 * <li>Dividends are derived from the CSV's adj_close/close steps and sent as {@code events.dividends}.</li>
 * <li>Adjusted-only datasets (empty close) are served with close = adj_close.</li>
 * <li>Unknown symbol: 404 with Yahoo's "No data found, symbol may be delisted" error body.</li>
 * <li>Faults, consumed one per request in order ({@link #enqueue}) or for every request ({@link #always}):
 *     any status with optional Retry-After, slow answer, truncated JSON, malformed JSON.</li>
 * <li>Data tweaks: null bars on given dates ({@link #nullBars}), a live duplicate row of the last date
 *     ({@link #liveRow}), and a cookie + crumb requirement ({@link #requireCrumb}).</li>
 * </ul>
 */
public final class LoopbackYahoo implements AutoCloseable {

    private static final ZoneId NY = ZoneId.of("America/New_York");
    private static final String CRUMB = "loopbackCrumb42";
    private static volatile LoopbackYahoo shared;

    /** One fault answer. */
    public record Fault(Kind kind, int status, Integer retryAfterSeconds, long delayMillis) {
        public enum Kind { STATUS, SLOW, TRUNCATED, MALFORMED }

        public static Fault status(int status) {
            return new Fault(Kind.STATUS, status, null, 0);
        }

        public static Fault tooManyRequests(int retryAfterSeconds) {
            return new Fault(Kind.STATUS, 429, retryAfterSeconds, 0);
        }

        public static Fault slow(long delayMillis) {
            return new Fault(Kind.SLOW, 200, null, delayMillis);
        }

        public static Fault truncated() {
            return new Fault(Kind.TRUNCATED, 200, null, 0);
        }

        public static Fault malformed() {
            return new Fault(Kind.MALFORMED, 200, null, 0);
        }
    }

    /** One daily CSV row, values as their original text (null when empty). */
    public record Row(LocalDate date, String open, String high, String low, String close, String adjClose, String volume) {
    }

    /** A request the server received. */
    public record Request(String symbol, long atNanos, URI uri, String userAgent) {
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, List<Row>> data = new ConcurrentHashMap<>();
    private final Map<String, byte[]> bodies = new ConcurrentHashMap<>();
    private final Map<String, Deque<Fault>> queued = new ConcurrentHashMap<>();
    private final Map<String, Fault> persistent = new ConcurrentHashMap<>();
    private final Map<String, Set<LocalDate>> nullDates = new ConcurrentHashMap<>();
    private final Set<String> liveRow = ConcurrentHashMap.newKeySet();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile boolean requireCrumb;

    private LoopbackYahoo() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        executor = Executors.newFixedThreadPool(8);
        server.setExecutor(executor);
        server.createContext("/v8/finance/chart/", this::chart);
        server.createContext("/cookie", ex -> {
            ex.getResponseHeaders().add("Set-Cookie", "A3=loopback; Path=/");
            send(ex, 404, "text/plain", "no page here".getBytes(StandardCharsets.UTF_8));
        });
        server.createContext("/v1/test/getcrumb", ex -> {
            String cookie = ex.getRequestHeaders().getFirst("Cookie");
            if (cookie != null && cookie.contains("A3=loopback")) {
                send(ex, 200, "text/plain", CRUMB.getBytes(StandardCharsets.UTF_8));
            } else {
                send(ex, 403, "text/plain", "no cookie".getBytes(StandardCharsets.UTF_8));
            }
        });
    }

    /** Starts a server on a random loopback port. */
    public static LoopbackYahoo start() {
        try {
            LoopbackYahoo y = new LoopbackYahoo();
            y.server.start();
            return y;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The server shared by the Quarkus tests of this JVM (started on first use). */
    public static synchronized LoopbackYahoo shared() {
        if (shared == null) {
            shared = start();
        }
        return shared;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Forgets all data, faults and the request log. */
    public void reset() {
        data.clear();
        bodies.clear();
        queued.clear();
        persistent.clear();
        nullDates.clear();
        liveRow.clear();
        requests.clear();
        requireCrumb = false;
    }

    /** Serves {@code <folder>/<SYMBOL>.csv} from the classpath for each symbol, only rows on or before {@code until} (null: all). */
    public LoopbackYahoo serveClasspathCsv(String folder, List<String> symbols, LocalDate until) {
        for (String s : symbols) {
            String path = folder + "/" + s + ".csv";
            try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(path)) {
                if (in == null) {
                    throw new IllegalArgumentException("no " + path + " on the classpath");
                }
                data.put(s, readCsv(in, until));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return this;
    }

    /** Reads a Keel-layout CSV (date,open,high,low,close,adj_close,volume) up to {@code until} (inclusive; null: all). */
    public static List<Row> readCsv(InputStream in, LocalDate until) throws IOException {
        List<Row> rows = new ArrayList<>();
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line = r.readLine();
        while ((line = r.readLine()) != null) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(",", -1);
            LocalDate d = LocalDate.parse(f[0]);
            if (until != null && d.isAfter(until)) {
                continue;
            }
            rows.add(new Row(d, blank(f[1]), blank(f[2]), blank(f[3]), blank(f[4]), blank(f[5]), blank(f[6])));
        }
        return rows;
    }

    private static String blank(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /** Serves {@code body} verbatim (status 200) for {@code symbol}, e.g. a recorded Yahoo response. */
    public LoopbackYahoo serveBody(String symbol, byte[] body) {
        bodies.put(symbol, body);
        return this;
    }

    /** Serves {@code rows} for {@code symbol}. */
    public LoopbackYahoo serveRows(String symbol, List<Row> rows) {
        data.put(symbol, List.copyOf(rows));
        return this;
    }

    /** The next requests for {@code symbol} get these faults, one each, in order. */
    public LoopbackYahoo enqueue(String symbol, Fault... faults) {
        queued.computeIfAbsent(symbol, k -> new ArrayDeque<>()).addAll(List.of(faults));
        return this;
    }

    /** Every request for {@code symbol} gets {@code fault} (null clears it). */
    public LoopbackYahoo always(String symbol, Fault fault) {
        if (fault == null) {
            persistent.remove(symbol);
        } else {
            persistent.put(symbol, fault);
        }
        return this;
    }

    /** The rows of {@code symbol} on these dates are sent with all-null prices (as Yahoo sometimes does). */
    public LoopbackYahoo nullBars(String symbol, LocalDate... dates) {
        nullDates.computeIfAbsent(symbol, k -> ConcurrentHashMap.newKeySet()).addAll(List.of(dates));
        return this;
    }

    /** Appends a second row for the last served date of {@code symbol}, timestamped 15:59 (Yahoo's live row). */
    public LoopbackYahoo liveRow(String symbol) {
        liveRow.add(symbol);
        return this;
    }

    /** Chart requests without the crumb (obtained with the cookie from /cookie) answer 401 "Invalid Crumb". */
    public LoopbackYahoo requireCrumb(boolean require) {
        this.requireCrumb = require;
        return this;
    }

    public List<Request> requests() {
        return Collections.unmodifiableList(requests);
    }

    public List<Request> requests(String symbol) {
        return requests.stream().filter(r -> r.symbol().equals(symbol)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void chart(HttpExchange ex) throws IOException {
        try {
            String symbol = ex.getRequestURI().getPath().substring("/v8/finance/chart/".length());
            requests.add(new Request(symbol, System.nanoTime(), ex.getRequestURI(), ex.getRequestHeaders().getFirst("User-Agent")));
            Map<String, String> q = query(ex.getRequestURI().getRawQuery());
            if (requireCrumb && !CRUMB.equals(q.get("crumb"))) {
                send(ex, 401, "application/json", "{\"finance\":{\"result\":null,\"error\":{\"code\":\"Unauthorized\",\"description\":\"Invalid Crumb\"}}}"
                        .getBytes(StandardCharsets.UTF_8));
                return;
            }
            Fault fault = null;
            Deque<Fault> dq = queued.get(symbol);
            if (dq != null) {
                synchronized (dq) {
                    fault = dq.poll();
                }
            }
            if (fault == null) {
                fault = persistent.get(symbol);
            }
            if (fault != null && fault.kind() == Fault.Kind.STATUS) {
                if (fault.retryAfterSeconds() != null) {
                    ex.getResponseHeaders().add("Retry-After", String.valueOf(fault.retryAfterSeconds()));
                }
                send(ex, fault.status(), "text/html", ("<html>error " + fault.status() + "</html>").getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (fault != null && fault.kind() == Fault.Kind.SLOW) {
                Thread.sleep(fault.delayMillis());
            }
            byte[] body;
            if (bodies.containsKey(symbol)) {
                body = bodies.get(symbol);
            } else if (data.containsKey(symbol)) {
                body = chartJson(symbol, data.get(symbol), Long.parseLong(q.getOrDefault("period1", "0")),
                        Long.parseLong(q.getOrDefault("period2", String.valueOf(Long.MAX_VALUE / 2))));
            } else {
                send(ex, 404, "application/json", "{\"chart\":{\"result\":null,\"error\":{\"code\":\"Not Found\",\"description\":\"No data found, symbol may be delisted\"}}}"
                        .getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (fault != null && fault.kind() == Fault.Kind.TRUNCATED) {
                body = java.util.Arrays.copyOf(body, body.length / 2);
            } else if (fault != null && fault.kind() == Fault.Kind.MALFORMED) {
                body = "{\"chart\":{\"result\":[{\"meta\":<html>oops".getBytes(StandardCharsets.UTF_8);
            }
            send(ex, 200, "application/json;charset=utf-8", body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            try {
                send(ex, 500, "text/plain", String.valueOf(e).getBytes(StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // client went away
            }
        } finally {
            ex.close();
        }
    }

    private byte[] chartJson(String symbol, List<Row> all, long period1, long period2) throws IOException {
        List<Row> rows = new ArrayList<>();
        List<Long> ts = new ArrayList<>();
        for (Row r : all) {
            long t = r.date().atTime(LocalTime.of(9, 30)).atZone(NY).toEpochSecond();
            if (t >= period1 && t < period2) {
                rows.add(r);
                ts.add(t);
            }
        }
        if (liveRow.contains(symbol) && !rows.isEmpty()) {
            Row last = rows.get(rows.size() - 1);
            rows.add(last);
            ts.add(last.date().atTime(LocalTime.of(15, 59)).atZone(NY).toEpochSecond());
        }
        Set<LocalDate> nulls = nullDates.getOrDefault(symbol, new HashSet<>());
        ByteArrayOutputStream out = new ByteArrayOutputStream(rows.size() * 160 + 1024);
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeObjectFieldStart("chart");
            g.writeArrayFieldStart("result");
            g.writeStartObject();
            g.writeObjectFieldStart("meta");
            g.writeStringField("currency", "USD");
            g.writeStringField("symbol", symbol);
            g.writeStringField("instrumentType", "ETF");
            g.writeStringField("exchangeTimezoneName", "America/New_York");
            g.writeStringField("timezone", "EDT");
            g.writeStringField("longName", symbol + " (loopback)");
            g.writeStringField("dataGranularity", "1d");
            if (!rows.isEmpty()) {
                LocalDate last = rows.get(rows.size() - 1).date();
                g.writeObjectFieldStart("currentTradingPeriod");
                g.writeObjectFieldStart("regular");
                g.writeNumberField("start", last.atTime(9, 30).atZone(NY).toEpochSecond());
                g.writeNumberField("end", last.atTime(16, 0).atZone(NY).toEpochSecond());
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndObject();
            if (!rows.isEmpty()) {
                g.writeArrayFieldStart("timestamp");
                for (long t : ts) {
                    g.writeNumber(t);
                }
                g.writeEndArray();
                writeDividends(g, rows, ts);
                g.writeObjectFieldStart("indicators");
                g.writeArrayFieldStart("quote");
                g.writeStartObject();
                writeSeries(g, "open", rows, nulls, Row::open);
                writeSeries(g, "high", rows, nulls, Row::high);
                writeSeries(g, "low", rows, nulls, Row::low);
                writeSeries(g, "close", rows, nulls, r -> r.close() == null ? r.adjClose() : r.close());
                writeSeries(g, "volume", rows, nulls, r -> r.volume() == null ? null : new BigDecimal(r.volume()).toBigInteger().toString());
                g.writeEndObject();
                g.writeEndArray();
                g.writeArrayFieldStart("adjclose");
                g.writeStartObject();
                writeSeries(g, "adjclose", rows, nulls, Row::adjClose);
                g.writeEndObject();
                g.writeEndArray();
                g.writeEndObject();
            } else {
                g.writeObjectFieldStart("indicators");
                g.writeArrayFieldStart("quote");
                g.writeStartObject();
                g.writeEndObject();
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeEndArray();
            g.writeNullField("error");
            g.writeEndObject();
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    private static void writeSeries(JsonGenerator g, String name, List<Row> rows, Set<LocalDate> nulls,
                                    java.util.function.Function<Row, String> value) throws IOException {
        g.writeArrayFieldStart(name);
        for (Row r : rows) {
            String v = nulls.contains(r.date()) ? null : value.apply(r);
            if (v == null) {
                g.writeNull();
            } else {
                g.writeNumber(v);
            }
        }
        g.writeEndArray();
    }

    /** Dividends implied by steps of adj_close/close: amount = previous close x (1 - previous ratio / ratio). */
    private static void writeDividends(JsonGenerator g, List<Row> rows, List<Long> ts) throws IOException {
        Map<Long, BigDecimal> divs = new HashMap<>();
        for (int i = 1; i < rows.size(); i++) {
            Row p = rows.get(i - 1);
            Row r = rows.get(i);
            if (p.close() == null || r.close() == null || p.adjClose() == null || r.adjClose() == null || p.date().equals(r.date())) {
                continue;
            }
            BigDecimal rp = new BigDecimal(p.adjClose()).divide(new BigDecimal(p.close()), MathContext.DECIMAL64);
            BigDecimal rr = new BigDecimal(r.adjClose()).divide(new BigDecimal(r.close()), MathContext.DECIMAL64);
            if (rr.compareTo(rp.multiply(new BigDecimal("1.000001"))) > 0) {
                BigDecimal amount = new BigDecimal(p.close()).multiply(BigDecimal.ONE.subtract(rp.divide(rr, MathContext.DECIMAL64)))
                        .setScale(4, RoundingMode.HALF_UP);
                if (amount.signum() > 0) {
                    divs.put(ts.get(i), amount);
                }
            }
        }
        if (divs.isEmpty()) {
            return;
        }
        g.writeObjectFieldStart("events");
        g.writeObjectFieldStart("dividends");
        for (Map.Entry<Long, BigDecimal> e : divs.entrySet()) {
            g.writeObjectFieldStart(String.valueOf(e.getKey()));
            g.writeNumberField("amount", e.getValue());
            g.writeNumberField("date", e.getKey());
            g.writeEndObject();
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null) {
            return out;
        }
        for (String p : raw.split("&")) {
            int i = p.indexOf('=');
            if (i > 0) {
                out.put(p.substring(0, i), java.net.URLDecoder.decode(p.substring(i + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(body);
        }
    }
}
