package io.keel.report.report;

import io.keel.report.strategy.SeriesDocument;
import io.keel.report.strategy.StrategyClient;
import io.keel.report.strategy.StrategyJson;
import io.keel.report.strategy.StrategyRun;
import io.keel.result.Benchmark;
import io.keel.result.ExposureLimits;
import io.keel.result.Headline;
import io.keel.result.OverlayDiagnostics;
import io.keel.result.ResultSummary;
import io.keel.result.RunSeries;
import io.keel.result.SeriesColumns;
import io.keel.result.metrics.RelativeMetrics;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Makes the first report after a start as fast as later ones (issue 20): at start, before the service reports
 * itself ready, it renders the reports of a synthetic run (8 assets x 16 years of random-walk prices, an overlay
 * diagnostic and a benchmark mix) through the same code as a real request, a few times: reading a series document
 * with strategy-service's mapper, the metrics, the CSV, the JSON summary and the tearsheet's Qute template. The
 * class loading, template initialisation and first compilations of those paths (what the first request after start
 * used to pay: ~860 / 260 / 520 ms for series.csv / summary.json / tearsheet.html) happen here instead. Nothing is
 * stored: the report cache is read for a key no run has and written in a transaction that is rolled back; then
 * strategy-service's latest succeeded run is read through the REST client and rendered (skipped without failing when
 * strategy-service cannot answer); once the server listens, that run's series.csv, summary.json and tearsheet.html are
 * asked of this service over HTTP ({@code keel.report.warmup.http-rounds} times; after the first, memory hits).
 *
 * <p>{@code keel.report.warmup.rounds} (default 3; 0 disables) renders; readiness stays DOWN until they are done.
 */
@ApplicationScoped
@Readiness
public class ReportWarmup implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(ReportWarmup.class);

    /** Synthetic run size: what issue 20's targets are stated for. */
    static final int ASSETS = 8;
    static final int DAYS = 16 * 252;

    @Inject
    ReportConfig config;

    @Inject
    ReportService reports;

    @Inject
    ReportCache cache;

    @Inject
    StrategyClient strategy;

    private volatile boolean done;
    /** The HTTP part (see {@link #overHttp}) finished or skipped. */
    private volatile boolean httpDone;

    void onStart(@Observes StartupEvent e) {
        long t0 = System.nanoTime();
        long latest = 0;
        try {
            latest = warm(config.warmup().rounds());
        } catch (RuntimeException ex) {
            // a warm-up is an optimisation: a failure must not keep the service from serving
            LOG.warnf(ex, "report warm-up failed; the first reports will be slower");
        } finally {
            done = true;
        }
        if (latest > 0 && config.warmup().overHttp()) {
            overHttp(latest);
        } else {
            httpDone = true;
        }
        LOG.infof("report paths warmed in %d ms (%d rounds of a synthetic %d-asset, %d-day run)",
                (System.nanoTime() - t0) / 1_000_000, config.warmup().rounds(), ASSETS, DAYS);
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("report warm-up").status(done && httpDone).build();
    }

    /** The rounds; the id of strategy-service's latest succeeded run rendered, or 0. */
    long warm(int n) {
        if (n <= 0) {
            return 0;
        }
        RunSeries series = series(new Random(20));
        String document = documentJson(series);
        StrategyRun run = run(series);
        for (int i = 0; i < n; i++) {
            RunSeries read;
            try {
                read = StrategyJson.mapper().readValue(document, SeriesDocument.class).toRunSeries();
            } catch (java.io.IOException ex) {
                throw new IllegalStateException(ex);
            }
            ReportService.Loaded l = new ReportService.Loaded(run, read);
            SeriesCsv.canonical(read);
            Benchmark.Mix mix = (Benchmark.Mix) Benchmark.parse("A1:0.6,A2:0.4");
            ReportService.BenchmarkRef ref = new ReportService.BenchmarkRef(mix, null);
            RelativeMetrics.Aligned aligned = reports.aligned(l, ref);
            ReportJson.bytes(ReportService.summary(l, 0.0, ReportService.BenchmarkRef.NONE, null));
            ReportJson.bytes(ReportService.summary(l, 0.02, ref, aligned));
            TearsheetRenderer.render(ReportService.summary(l, 0.0, ref, aligned), read, reports.echartsPath(), aligned);
            TearsheetRenderer.render(ReportService.summary(l, 0.0), read, reports.echartsPath());
        }
        cache.get(new ReportCache.Key(0, "html", "warm-up", ReportService.REPORT_VERSION), "warm-up");
        cache.writeRolledBack(SeriesCsv.canonical(series));
        return realRun();
    }

    /** The reports asked over HTTP at warm-up, in this order, {@code keel.report.warmup.http-rounds} times. */
    static final List<String> HTTP_REPORTS = List.of("series.csv", "summary.json", "tearsheet.html");

    /**
     * The HTTP layer (authentication, the resource, the run's check against strategy-service, the cache tiers, writing
     * a large body), on a thread of its own as soon as the server listens (it starts listening after {@link #onStart}):
     * this service asks for the latest run's series.csv, summary.json and tearsheet.html, real reports, rendered and
     * cached as any request's would be, then the same again {@code keel.report.warmup.http-rounds - 1} times (memory
     * hits: the repeated-read path compiled before the first real request). Readiness is UP after it, or after 30 s.
     */
    private void overHttp(long runId) {
        var cfg = org.eclipse.microprofile.config.ConfigProvider.getConfig();
        int port = cfg.getOptionalValue("quarkus.http.port", Integer.class).orElse(0);
        String key = cfg.getOptionalValue("keel.strategy.api-key", String.class).filter(k -> !k.isBlank()).orElse(null);
        int rounds = Math.max(1, config.warmup().httpRounds());
        Thread t = new Thread(() -> {
            try {
                java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                        .connectTimeout(java.time.Duration.ofSeconds(2)).build();
                long end = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
                for (int round = 0; round < rounds && port > 0 && System.nanoTime() < end; round++) {
                    for (String report : HTTP_REPORTS) {
                        var req = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port
                                + "/reports/runs/" + runId + "/" + report)).timeout(java.time.Duration.ofSeconds(20)).GET();
                        if (key != null) {
                            req.header("X-API-Key", key);
                        }
                        while (System.nanoTime() < end) {
                            try {
                                int status = http.send(req.build(), java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
                                LOG.debugf("warm-up GET of run %d's %s: %d", (Object) runId, report, status);
                                break;
                            } catch (java.net.ConnectException notYet) {
                                Thread.sleep(20);
                            }
                        }
                    }
                }
            } catch (java.io.IOException | RuntimeException ex) {
                LOG.debugf("warm-up over HTTP skipped: %s", ex.toString());
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            } finally {
                httpDone = true;
            }
        }, "report-warm-up-http");
        t.setDaemon(true);
        t.start();
    }

    /**
     * The same paths on strategy-service's latest succeeded run, read through the REST client (its first large answer
     * is paid here); rendered, not stored. Skipped when strategy-service cannot answer or has no run.
     */
    private long realRun() {
        try {
            List<StrategyRun> latest = strategy.runs(null, "SUCCEEDED", 1);
            if (latest.isEmpty() || !latest.get(0).hasOutputs()) {
                return 0;
            }
            StrategyRun run = strategy.run(latest.get(0).id());
            ReportService.Loaded l = new ReportService.Loaded(run, strategy.series(run.id()));
            SeriesCsv.canonical(l.series());
            ReportJson.bytes(ReportService.summary(l, 0.0));
            TearsheetRenderer.render(ReportService.summary(l, 0.0), l.series(), reports.echartsPath());
            return run.id();
        } catch (RuntimeException ex) {
            LOG.debugf("strategy-service's latest run not read at warm-up: %s", ex.getMessage());
            return 0;
        }
    }

    /** A run of {@link #ASSETS} random-walk assets over {@link #DAYS} weekdays, with the engine's columns. */
    static RunSeries series(Random rnd) {
        List<LocalDate> dates = new ArrayList<>(DAYS);
        LocalDate d = LocalDate.of(2010, 1, 4);
        while (dates.size() < DAYS) {
            if (d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY) {
                dates.add(d);
            }
            d = d.plusDays(1);
        }
        Map<String, double[]> cols = new LinkedHashMap<>();
        double[] base = new double[DAYS];
        for (int a = 1; a <= ASSETS; a++) {
            double[] p = new double[DAYS];
            double[] r = new double[DAYS];
            double[] w = new double[DAYS];
            p[0] = 100;
            r[0] = Double.NaN;
            for (int t = 1; t < DAYS; t++) {
                r[t] = 0.0003 + 0.01 * rnd.nextGaussian();
                p[t] = p[t - 1] * (1 + r[t]);
                w[t] = 1.0 / ASSETS;
                base[t] += r[t] / ASSETS;
            }
            cols.put("price_A" + a, p);
            cols.put("ret_A" + a, r);
            cols.put("w_A" + a, w);
        }
        double[] lev = new double[DAYS];
        double[] port = new double[DAYS];
        double[] turnover = new double[DAYS];
        double[] cost = new double[DAYS];
        double[] be = new double[DAYS];
        double[] pe = new double[DAYS];
        double[] dd = new double[DAYS];
        double[] vol = new double[DAYS];
        double b = 1;
        double e = 1;
        double peak = 1;
        for (int t = 0; t < DAYS; t++) {
            lev[t] = 0.5 + rnd.nextDouble();
            turnover[t] = t % 21 == 0 ? 0.1 : 0;
            cost[t] = turnover[t] * 0.0005;
            port[t] = lev[t] * base[t] - cost[t];
            b *= 1 + base[t];
            e *= 1 + port[t];
            peak = Math.max(peak, e);
            be[t] = b;
            pe[t] = e;
            dd[t] = e / peak - 1;
            vol[t] = t < 60 ? Double.NaN : 0.1 + 0.05 * rnd.nextDouble();
        }
        cols.put("base_ret", base);
        cols.put("leverage", lev);
        cols.put("port_ret", port);
        cols.put("turnover", turnover);
        cols.put("cost", cost);
        cols.put("base_equity", be);
        cols.put("port_equity", pe);
        cols.put("port_drawdown", dd);
        cols.put("vol_ann", vol);
        return new RunSeries(0, dates, cols);
    }

    /** The series as strategy-service serves it ({@code GET /api/v1/runs/{id}/series}). */
    static String documentJson(RunSeries s) {
        StringBuilder sb = new StringBuilder(s.size() * 400);
        sb.append("{\"runId\":0,\"dates\":[");
        for (int i = 0; i < s.size(); i++) {
            sb.append(i == 0 ? "\"" : ",\"").append(s.dates().get(i)).append('"');
        }
        sb.append("],\"columns\":{");
        boolean first = true;
        for (Map.Entry<String, double[]> c : s.columns().entrySet()) {
            sb.append(first ? "\"" : ",\"").append(c.getKey()).append("\":[");
            first = false;
            double[] v = c.getValue();
            for (int i = 0; i < v.length; i++) {
                if (i > 0) {
                    sb.append(',');
                }
                if (Double.isFinite(v[i])) {
                    sb.append(v[i]);
                } else {
                    sb.append("null");
                }
            }
            sb.append(']');
        }
        return sb.append("}}").toString();
    }

    private static StrategyRun run(RunSeries s) {
        OverlayDiagnostics vol = new OverlayDiagnostics("vol-target", "synthetic warm-up overlay", List.of("EXPOSURE"),
                List.of("vol_ann"));
        Headline h = new Headline(0, 0, 0, 0, 0);
        ResultSummary summary = new ResultSummary(s.dates().get(0), s.dates().get(s.size() - 1), s.size(), 192, h, h, 1, 1.5,
                1.2, 0.01, null, new ExposureLimits(0.5, 1.5), List.of(vol),
                SeriesColumns.describe(new ArrayList<>(s.columns().keySet()), List.of(vol)));
        return new StrategyRun(0, "warm-up", 1, 0L, "SUCCEEDED", "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z",
                "2026-01-01T00:00:01Z", null, summary, null, null);
    }
}
