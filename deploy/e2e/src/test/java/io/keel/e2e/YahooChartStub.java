package io.keel.e2e;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loopback stand-in for Yahoo's chart API ({@code GET /v8/finance/chart/{symbol}?period1&period2&...}),
 * in the response shape market-data-service parses (the same as market-data-service's test
 * {@code LoopbackYahoo}): bars of {@code <dir>/<SYMBOL>.csv} (Keel layout
 * {@code date,open,high,low,close,adj_close,volume}) timestamped at the 09:30 New York open and filtered by
 * {@code period1 <= t < period2}, adjusted closes in {@code indicators.adjclose}, dividends implied by the
 * adj_close/close steps in {@code events.dividends}. A symbol without a CSV answers 404 with Yahoo's
 * "No data found" body. Listens on 127.0.0.1 only, on a random port.
 */
final class YahooChartStub implements AutoCloseable {

    private static final ZoneId NY = ZoneId.of("America/New_York");

    /** One CSV row, numbers as their original text (null when empty). */
    record Row(LocalDate date, String open, String high, String low, String close, String adjClose, String volume) {
    }

    private final Path dir;
    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, List<Row>> cache = new ConcurrentHashMap<>();
    private final List<String> requested = new CopyOnWriteArrayList<>();

    private YahooChartStub(Path dir) throws IOException {
        this.dir = dir;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 32);
        executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "yahoo-stub");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/v8/finance/chart/", this::chart);
        server.createContext("/", ex -> {
            try {
                send(ex, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
            } finally {
                ex.close();
            }
        });
    }

    /** Serves the CSVs of {@code dir} on a random loopback port. */
    static YahooChartStub start(Path dir) {
        try {
            YahooChartStub s = new YahooChartStub(dir);
            s.server.start();
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Symbols of the chart requests received, in order (one entry per request). */
    List<String> requestedSymbols() {
        return List.copyOf(requested);
    }

    /** The last date of {@code symbol}'s CSV. */
    LocalDate lastDate(String symbol) {
        List<Row> rows = rows(symbol);
        if (rows == null || rows.isEmpty()) {
            throw new IllegalArgumentException("no data for " + symbol + " in " + dir);
        }
        return rows.get(rows.size() - 1).date();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private List<Row> rows(String symbol) {
        if (!symbol.matches("[A-Z0-9.\\-^=]{1,20}")) {
            return null;
        }
        Path csv = dir.resolve(symbol + ".csv");
        if (!Files.isRegularFile(csv)) {
            return null;
        }
        return cache.computeIfAbsent(symbol, s -> {
            try {
                return readCsv(csv);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    static List<Row> readCsv(Path csv) throws IOException {
        List<Row> rows = new ArrayList<>();
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(",", -1);
            rows.add(new Row(LocalDate.parse(f[0]), blank(f[1]), blank(f[2]), blank(f[3]), blank(f[4]), blank(f[5]), blank(f[6])));
        }
        return rows;
    }

    private static String blank(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private void chart(HttpExchange ex) throws IOException {
        try {
            String symbol = URLDecoder.decode(ex.getRequestURI().getRawPath().substring("/v8/finance/chart/".length()), StandardCharsets.UTF_8);
            requested.add(symbol);
            List<Row> rows = rows(symbol);
            if (rows == null) {
                send(ex, 404, "application/json", ("{\"chart\":{\"result\":null,\"error\":{\"code\":\"Not Found\","
                        + "\"description\":\"No data found, symbol may be delisted\"}}}").getBytes(StandardCharsets.UTF_8));
                return;
            }
            Map<String, String> q = query(ex.getRequestURI().getRawQuery());
            long period1 = Long.parseLong(q.getOrDefault("period1", "0"));
            long period2 = Long.parseLong(q.getOrDefault("period2", String.valueOf(Long.MAX_VALUE / 2)));
            send(ex, 200, "application/json;charset=utf-8", chartJson(symbol, rows, period1, period2));
        } catch (RuntimeException e) {
            send(ex, 500, "text/plain", String.valueOf(e).getBytes(StandardCharsets.UTF_8));
        } finally {
            ex.close();
        }
    }

    private static byte[] chartJson(String symbol, List<Row> all, long period1, long period2) throws IOException {
        List<Row> rows = new ArrayList<>();
        List<Long> ts = new ArrayList<>();
        for (Row r : all) {
            long t = r.date().atTime(LocalTime.of(9, 30)).atZone(NY).toEpochSecond();
            if (t >= period1 && t < period2) {
                rows.add(r);
                ts.add(t);
            }
        }
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
            g.writeStringField("longName", symbol + " (e2e stub)");
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
            }
            g.writeObjectFieldStart("indicators");
            g.writeArrayFieldStart("quote");
            g.writeStartObject();
            if (!rows.isEmpty()) {
                writeSeries(g, "open", rows, Row::open);
                writeSeries(g, "high", rows, Row::high);
                writeSeries(g, "low", rows, Row::low);
                writeSeries(g, "close", rows, r -> r.close() == null ? r.adjClose() : r.close());
                writeSeries(g, "volume", rows, r -> r.volume() == null ? null : new BigDecimal(r.volume()).toBigInteger().toString());
            }
            g.writeEndObject();
            g.writeEndArray();
            if (!rows.isEmpty()) {
                g.writeArrayFieldStart("adjclose");
                g.writeStartObject();
                writeSeries(g, "adjclose", rows, Row::adjClose);
                g.writeEndObject();
                g.writeEndArray();
            }
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndArray();
            g.writeNullField("error");
            g.writeEndObject();
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    private static void writeSeries(JsonGenerator g, String name, List<Row> rows, java.util.function.Function<Row, String> value)
            throws IOException {
        g.writeArrayFieldStart(name);
        for (Row r : rows) {
            String v = value.apply(r);
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
        Map<Long, BigDecimal> divs = new TreeMap<>();
        for (int i = 1; i < rows.size(); i++) {
            Row p = rows.get(i - 1);
            Row r = rows.get(i);
            if (p.close() == null || r.close() == null || p.adjClose() == null || r.adjClose() == null) {
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
                out.put(p.substring(0, i), URLDecoder.decode(p.substring(i + 1), StandardCharsets.UTF_8));
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
