package io.keel.report.report;

import io.keel.common.ProblemException;
import io.keel.engine.calc.BacktestResult;
import io.keel.engine.seed.SeedLayout;
import io.keel.result.Benchmark;
import io.keel.result.RunSeries;
import io.keel.result.metrics.RelativeMetrics;
import io.keel.report.strategy.StrategyClient;
import io.keel.report.strategy.StrategyRun;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * Renders the reports of runs read from strategy-service, through {@link ReportCache}: per run,
 * format and variant, guarded by the run's fingerprint (definition version, snapshot, finish time).
 */
@ApplicationScoped
public class ReportService {

    /**
     * Layout version of every cached report; bump when a renderer's output changes. 2: the pages' inline scripts are
     * allowed by hash ({@link #CONTENT_SECURITY_POLICY}), so pages cached with other scripts must not be served. 3: the
     * run result contract (overlay diagnostics as declared, exposure limits from the result).
     */
    public static final int REPORT_VERSION = 3;

    /** The Content-Security-Policy header of every HTML page this service renders. */
    public static final String CONTENT_SECURITY_POLICY = Html.CONTENT_SECURITY_POLICY;

    public static final String JSON = "application/json";
    public static final String CSV = "text/csv; charset=utf-8";
    public static final String HTML = "text/html; charset=utf-8";

    /** The run's outputs: its result summary (in {@code run}) and daily series. */
    record Loaded(StrategyRun run, RunSeries series) {
    }

    @Inject
    StrategyClient strategy;
    @Inject
    ReportCache cache;
    @Inject
    ReportSlots slots;
    @Inject
    ReportConfig config;
    @Inject
    AnswerBytes answerBytes;

    /** Bounds the reads of stored reports (each megabytes from PostgreSQL) apart from the renders. */
    private ReportSlots storedReads;

    @jakarta.annotation.PostConstruct
    void init() {
        storedReads = new ReportSlots("keel.report.stored", config.maxConcurrentStoredReads(), config.maxQueued(),
                config.queueWait(), config.busyRetryAfterSeconds(), registry);
    }
    @Inject
    MeterRegistry registry;

    private final String echartsPath = "/webjars/echarts/" + echartsVersion() + "/echarts.min.js";

    /** Where the pages load ECharts from (served by this service from the WebJar). */
    public String echartsPath() {
        return echartsPath;
    }

    /**
     * The benchmark a report request asks for.
     *
     * @param named     whether the request names one ({@code ?benchmark=}); when not, the run's own benchmark applies
     * @param benchmark the one named; null = none
     */
    public record Asked(boolean named, Benchmark benchmark) {
        /** No {@code ?benchmark=}: the run's own (its run request's, else its definition's), if it has one. */
        public static final Asked RUNS_OWN = new Asked(false, null);

        /** The benchmark named, or none. */
        public static Asked of(Benchmark benchmark) {
            return new Asked(true, benchmark);
        }
    }

    public Rendered summaryJson(long id, double rf) {
        return summaryJson(id, rf, Asked.RUNS_OWN);
    }

    /** The JSON summary, with the figures against the benchmark asked for or the run's own. */
    public Rendered summaryJson(long id, double rf, Asked benchmark) {
        StrategyRun run = finishedRun(id);
        BenchmarkRef ref = benchmarkRef(run, benchmark);
        return cached(run, "json", "rf=" + rf + ref.variant(), JSON, "run-" + id + "-summary.json", () -> {
            Loaded l = load(run);
            return ReportJson.bytes(summary(l, rf, ref, aligned(l, ref)));
        });
    }

    /** The original script's summary statistics, under its key names (seed-compatible definitions only). */
    public Rendered seedSummaryJson(long id) {
        StrategyRun run = finishedRun(id);
        return cached(run, "json", "seed", JSON, "run-" + id + "-seed-summary.json", () -> {
            Loaded l = load(run);
            return ReportJson.bytes(SeedLayout.summary(seedScript(l), seedResult(l)));
        });
    }

    public Rendered seriesCsv(long id, SeriesCsv.Layout layout) {
        StrategyRun run = finishedRun(id);
        String name = "run-" + id + "-" + run.definition() + "-" + layout.param() + ".csv";
        return cached(run, "csv", layout.param(), CSV, name, () -> {
            Loaded l = load(run);
            return layout == SeriesCsv.Layout.CANONICAL ? SeriesCsv.canonical(l.series())
                    : SeriesCsv.seed(seedScript(l), seedResult(l));
        });
    }

    public Rendered tearsheet(long id, double rf) {
        return tearsheet(id, rf, Asked.RUNS_OWN);
    }

    /** The tearsheet, with the benchmark's curve, figures and yearly returns when one is asked for or the run has one. */
    public Rendered tearsheet(long id, double rf, Asked benchmark) {
        StrategyRun run = finishedRun(id);
        BenchmarkRef ref = benchmarkRef(run, benchmark);
        return cached(run, "html", "rf=" + rf + ";echarts=" + echartsVersion() + ref.variant(), HTML, "run-" + id + ".html", () -> {
            Loaded l = load(run);
            RelativeMetrics.Aligned aligned = aligned(l, ref);
            return TearsheetRenderer.render(summary(l, rf, ref, aligned), l.series(), echartsPath, aligned)
                    .getBytes(StandardCharsets.UTF_8);
        });
    }

    /**
     * The benchmark of a report with what it refers to: for another run (named, or the latest succeeded run of the
     * definition named on the same snapshot), that run, whose fingerprint becomes part of the cache key.
     *
     * @param benchmark the benchmark, null for none
     * @param run       the run it names or resolves to, null for symbols
     */
    record BenchmarkRef(Benchmark benchmark, StrategyRun run) {
        static final BenchmarkRef NONE = new BenchmarkRef(null, null);

        /** Part of the cache variant (a column of 64 characters): a digest of the benchmark and the run it names. */
        String variant() {
            if (benchmark == null) {
                return "";
            }
            String full = benchmark.key() + (run == null ? "" : "@" + run.fingerprint());
            try {
                byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(full.getBytes(StandardCharsets.UTF_8));
                return ";b=" + java.util.HexFormat.of().formatHex(d, 0, 8);
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        /** In words, for pages and JSON. */
        String label() {
            return benchmark instanceof Benchmark.Definition ? benchmark.label() + " (run " + run.id() + ")" : benchmark.label();
        }
    }

    /** How many of a definition's latest succeeded runs are searched for one on the report's snapshot. */
    static final int DEFINITION_RUNS_SEARCHED = 100;

    BenchmarkRef benchmarkRef(StrategyRun run, Asked asked) {
        Benchmark benchmark;
        if (asked.named()) {
            benchmark = asked.benchmark();
        } else {
            try {
                benchmark = Benchmark.parse(run.benchmark());
            } catch (IllegalArgumentException e) {
                // stored by strategy-service in canonical form; unreadable means another version wrote it
                throw ProblemException.conflict("run " + run.id() + " has a benchmark this service cannot read ("
                        + e.getMessage() + "); name one with ?benchmark= or ask ?benchmark=none");
            }
        }
        if (benchmark == null) {
            return BenchmarkRef.NONE;
        }
        if (benchmark instanceof Benchmark.Definition d) {
            StrategyRun other = strategy.runs(d.name(), "SUCCEEDED", DEFINITION_RUNS_SEARCHED).stream()
                    .filter(r -> java.util.Objects.equals(r.snapshotId(), run.snapshotId()) && r.id() != run.id())
                    .findFirst()
                    .orElseThrow(() -> benchmarkProblem(409, "Conflict", "definition " + d.name()
                            + " has no succeeded run on snapshot " + run.snapshotId() + " to compare run " + run.id()
                            + " with: run it on that snapshot, name another benchmark or ask ?benchmark=none"));
            return new BenchmarkRef(benchmark, other);
        }
        if (!(benchmark instanceof Benchmark.Run r)) {
            return new BenchmarkRef(benchmark, null);
        }
        StrategyRun other = strategy.run(r.id());
        if (!other.hasOutputs()) {
            throw ProblemException.badRequest("benchmark", "run " + r.id() + " is " + other.status() + ": it has no returns to compare with");
        }
        if (!java.util.Objects.equals(other.snapshotId(), run.snapshotId())) {
            throw ProblemException.badRequest("benchmark", "run " + r.id() + " ran on snapshot " + other.snapshotId() + " and run "
                    + run.id() + " on snapshot " + run.snapshotId() + ": a benchmark run must use the same snapshot");
        }
        return new BenchmarkRef(benchmark, other);
    }

    private static ProblemException benchmarkProblem(int status, String title, String why) {
        return new ProblemException(io.keel.common.Problem.validation("benchmark: " + why,
                List.of(new io.keel.common.Problem.FieldError("benchmark", why))).withStatus(status, title));
    }

    /**
     * The run's overlaid returns ({@code port_ret}) aligned with the benchmark's; null without a benchmark. Symbols:
     * the run's stored {@code benchmark_ret} when they are the run's own benchmark (strategy-service took them from
     * the run's snapshot on its dates); otherwise each symbol's close-to-close return from the run's own
     * {@code price_<SYM>} columns (same snapshot, same dates), weighted daily. Either way the first row, which has no
     * previous close, is left out.
     */
    RelativeMetrics.Aligned aligned(Loaded l, BenchmarkRef ref) {
        if (ref.benchmark() == null) {
            return null;
        }
        RunSeries s = l.series();
        if (ref.benchmark() instanceof Benchmark.Mix m) {
            java.util.Optional<double[]> stored = s.column(io.keel.result.SeriesColumns.BENCHMARK_RETURNS);
            if (stored.isPresent() && m.key().equals(l.run().benchmark())) {
                return RelativeMetrics.align(s.dates(), s.require("port_ret"), s.dates(), stored.get());
            }
            Map<String, double[]> closes = new java.util.LinkedHashMap<>();
            for (String sym : m.symbols()) {
                closes.put(sym, s.column("price_" + sym).orElseThrow(() -> ProblemException.badRequest("benchmark",
                        sym + " is not among the symbols of run " + l.run().id() + " (" + String.join(", ", s.weightSymbols())
                                + ") nor its own benchmark (" + (l.run().benchmark() == null ? "none" : l.run().benchmark())
                                + "); name symbols of the run, definition:<name> or run:<id>")));
            }
            return RelativeMetrics.align(s.dates(), s.require("port_ret"), s.dates(), m.dailyReturns(closes));
        }
        RunSeries other = load(ref.run()).series();
        return RelativeMetrics.align(s.dates(), s.require("port_ret"), other.dates(), other.require("port_ret"));
    }

    /** The comparison of several runs (composed from the runs' data on each call; not cached). */
    public Comparison comparison(List<Long> ids, double rf) {
        List<RunSummary> out = new ArrayList<>();
        for (Long id : ids) {
            out.add(summary(load(finishedRun(id)), rf));
        }
        return Comparison.of(out);
    }

    public Rendered comparisonJson(List<Long> ids, double rf) {
        return new Rendered(ReportJson.bytes(comparison(ids, rf)), JSON, "bypass", "compare.json");
    }

    public Rendered comparisonHtml(List<Long> ids, double rf) {
        List<RunSummary> sums = new ArrayList<>();
        List<RunSeries> series = new ArrayList<>();
        for (Long id : ids) {
            Loaded l = load(finishedRun(id));
            sums.add(summary(l, rf));
            series.add(l.series());
        }
        String html = ComparisonRenderer.render(Comparison.of(sums), series, echartsPath);
        return new Rendered(html.getBytes(StandardCharsets.UTF_8), HTML, "bypass", "compare.html");
    }

    public Rendered index() {
        String html = IndexRenderer.render(strategy.definitions(), strategy.runs(null, null, 100), strategy.latestSignals(),
                strategy.portfolios());
        return new Rendered(html.getBytes(StandardCharsets.UTF_8), HTML, "bypass", "index.html");
    }

    /** A run without outputs (queued, running or failed): 409, and for pages an HTML page saying so ({@link #page()}). */
    public static final class NotReady extends ProblemException {
        private final StrategyRun run;

        NotReady(StrategyRun run) {
            super(io.keel.common.Problem.of(409, "Conflict", "run " + run.id() + " is " + run.status()
                    + (run.error() != null ? " (" + run.error() + ")" : "") + ": it has no outputs to report on yet"));
            this.run = run;
        }

        /** The HTML page of a run that has no report (yet). */
        public byte[] page() {
            return NotReadyRenderer.render(run).getBytes(StandardCharsets.UTF_8);
        }
    }

    /** The run, which must have outputs; {@link NotReady} (409) while it has none (queued, running or failed). */
    StrategyRun finishedRun(long id) {
        StrategyRun run = strategy.run(id);
        if (!run.hasOutputs()) {
            throw new NotReady(run);
        }
        return run;
    }

    /** Key of a loaded run: its id and the fingerprint of its outputs (a re-run output never hits an old entry). */
    record LoadKey(long id, String fingerprint) {
    }

    /** Most memory the loaded runs may take, estimated as 8 bytes per value plus 64 per date. */
    static final long LOADED_RUNS_MAX_BYTES = 96L * 1024 * 1024;

    /**
     * Runs recently loaded from strategy-service (a run's series is megabytes of JSON; reports of one run in
     * several formats and rates need it once). Bounded by estimated size ({@value #LOADED_RUNS_MAX_BYTES}
     * bytes: ~80 runs of 8 assets over 16 years, fewer of a 1,000-asset universe), entries expire after 10
     * minutes, and concurrent loads of the same run wait for one fetch instead of each fetching it.
     */
    private final com.github.benmanes.caffeine.cache.Cache<LoadKey, Loaded> loadedRuns =
            com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumWeight(LOADED_RUNS_MAX_BYTES)
                    .<LoadKey, Loaded>weigher((k, l) -> (int) Math.min(Integer.MAX_VALUE,
                            (long) l.series().size() * (8L * l.series().columns().size() + 64)))
                    .expireAfterWrite(java.time.Duration.ofMinutes(10)).build();

    Loaded load(StrategyRun run) {
        if (run.finishedAt() == null) {
            return fetch(run);
        }
        return loadedRuns.get(new LoadKey(run.id(), run.fingerprint()), k -> fetch(run));
    }

    private Loaded fetch(StrategyRun run) {
        RunSeries series = strategy.series(run.id());
        if (series.size() == 0) {
            throw ProblemException.conflict("run " + run.id() + " has an empty series");
        }
        return new Loaded(run, series);
    }

    static RunSummary summary(Loaded l, double rf) {
        return RunSummaryCalculator.of(l.run(), l.series(), rf);
    }

    static RunSummary summary(Loaded l, double rf, BenchmarkRef ref, RelativeMetrics.Aligned aligned) {
        if (aligned == null) {
            return summary(l, rf);
        }
        RelativeMetrics relative;
        try {
            relative = RelativeMetrics.of(ref.label(), aligned, rf);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("benchmark", e.getMessage());
        }
        return RunSummaryCalculator.of(l.run(), l.series(), rf, relative);
    }

    private static String seedScript(Loaded l) {
        String script = l.run().summary().seedScript();
        if (script == null) {
            throw ProblemException.badRequest("layout", "run " + l.run().id() + " ran definition " + l.run().definition()
                    + ", which reproduces no original script (no seedScript): only layout=canonical exists for it");
        }
        return script;
    }

    /** The engine's form of the stored result, for the seed layouts (they also need the definition's universe). */
    private BacktestResult seedResult(Loaded l) {
        if (l.run().next() == null) {
            throw ProblemException.conflict("run " + l.run().id() + " was stored without its next-session signal: "
                    + "the seed layouts need it");
        }
        return SeedResultAdapter.result(l.series(), l.run().summary(), l.run().next(), strategy.definition(l.run().id()));
    }

    /**
     * The report from the cache, else rendered and stored. Every call has checked the run against strategy-service
     * first ({@link #finishedRun}: it exists, has outputs, and its fingerprint is the current one). A report held in
     * memory for that fingerprint is answered without waiting for a slot; one stored in {@code report.report_cache} is
     * read there in one of {@code keel.report.max-concurrent-stored-reads} slots (never behind renders); anything else is
     * rendered in a render slot ({@link ReportSlots}), which looks in memory again once it has one: a report rendered by
     * a request that held the slot before is not rendered twice. Each tier takes the body's {@link AnswerBytes} lease
     * before it lets go of its slot, so bodies waiting to be sent are bounded by the slots.
     */
    private Rendered cached(StrategyRun run, String format, String variant, String contentType, String fileName,
                            Supplier<byte[]> render) {
        ReportCache.Key key = new ReportCache.Key(run.id(), format, variant, REPORT_VERSION);
        String fingerprint = run.fingerprint();
        long deadline = RequestArrival.nanos() + config.queueWait().toNanos();
        if (run.finishedAt() == null) {
            return slots.call(() -> {
                byte[] body = render.get();
                count(format, "bypass", "none");
                return new Rendered(body, contentType, "bypass", fileName, answerBytes.acquire(body, deadline));
            });
        }
        Rendered held = fromMemory(key, fingerprint, format, fileName, deadline);
        if (held != null) {
            return held;
        }
        Rendered stored = storedReads.call(() -> cache.stored(key, fingerprint).map(e -> {
            count(format, "hit", "database");
            return new Rendered(e.body(), e.contentType(), "hit", fileName, answerBytes.acquire(e.body(), deadline));
        }).orElse(null));
        if (stored != null) {
            return stored;
        }
        return slots.call(() -> {
            var again = cache.inMemory(key, fingerprint);
            if (again.isPresent()) {
                count(format, "hit", "memory");
                byte[] body = again.get().body();
                return new Rendered(body, again.get().contentType(), "hit", fileName, answerBytes.acquire(body, deadline));
            }
            byte[] body = render.get();
            cache.put(key, fingerprint, new ReportCache.Entry(body, contentType));
            count(format, "miss", "none");
            return new Rendered(body, contentType, "miss", fileName, answerBytes.acquire(body, deadline));
        });
    }

    /**
     * The report held in memory with its {@link AnswerBytes} lease, or null when memory does not hold it. While the
     * answers in flight leave no room for it, waits (until {@code deadline}, then 503) without referencing the body,
     * and looks again.
     */
    private Rendered fromMemory(ReportCache.Key key, String fingerprint, String format, String fileName, long deadline) {
        while (true) {
            var held = cache.inMemory(key, fingerprint);
            if (held.isEmpty()) {
                return null;
            }
            AnswerBytes.Lease lease = answerBytes.tryAcquire(held.get().body());
            if (lease != null) {
                count(format, "hit", "memory");
                return new Rendered(held.get().body(), held.get().contentType(), "hit", fileName, lease);
            }
            long size = held.get().body().length;
            held = null;
            answerBytes.awaitRoom(size, deadline);
        }
    }

    private void count(String format, String result, String tier) {
        registry.counter("keel.report.cache.requests", "format", format, "result", result, "tier", tier).increment();
    }

    static String echartsVersion() {
        try (InputStream in = ReportService.class.getResourceAsStream("/keel-report-build.properties")) {
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("echarts.version");
        } catch (IOException | NullPointerException e) {
            throw new UncheckedIOException(new IOException("keel-report-build.properties missing from the build", e));
        }
    }
}
