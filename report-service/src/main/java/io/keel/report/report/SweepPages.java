package io.keel.report.report;

import io.keel.common.ProblemException;
import io.keel.report.strategy.StrategyClient;
import io.keel.report.strategy.SweepDocuments.Analysis;
import io.keel.report.strategy.SweepDocuments.Fold;
import io.keel.report.strategy.SweepDocuments.ResultRow;
import io.keel.report.strategy.SweepDocuments.ResultsPage;
import io.keel.report.strategy.SweepDocuments.SweepInfo;
import io.keel.result.RunSeries;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pages of parameter sweeps, read from strategy-service's sweeps API: the sweep page (heatmap, variants, equity
 * curves of the best variants, DSR and PBO, walk-forward), a page for a sweep without results, the list of sweeps and
 * the results CSV. A finished sweep's page is cached in {@code report.report_cache} (keyed by the sweep id, format
 * {@value #FORMAT} and a digest of the page's choices), served only while the sweep's
 * {@link SweepInfo#fingerprint()} still matches.
 */
@ApplicationScoped
public class SweepPages {

    /** The cache's format of sweep pages (the cache's run id column then holds the sweep id). */
    static final String FORMAT = "sweep-html";

    /** Results read per request to strategy-service (its largest page). */
    static final int PAGE = 10_000;

    @Inject
    StrategyClient strategy;

    @Inject
    ReportService reports;

    @Inject
    ReportCache cache;

    @Inject
    ReportConfig config;

    @Inject
    MeterRegistry registry;

    /** A sweep without results (queued, running or failed): 409, and for a browser a page saying why ({@link #page()}). */
    public static final class NotReady extends ProblemException {
        private final SweepInfo sweep;

        NotReady(SweepInfo s) {
            super(io.keel.common.Problem.of(409, "Conflict", "sweep " + s.id() + " is " + s.status()
                    + (s.error() != null ? " (" + s.error() + ")" : "") + ": it has no results to show yet"));
            this.sweep = s;
        }

        public byte[] page() {
            return SweepRenderer.notReady(sweep).getBytes(StandardCharsets.UTF_8);
        }
    }

    /** The sweep page of sweep {@code id} with the given choices. @throws ProblemException 400 naming a bad parameter, 404, 409 ({@link NotReady}) */
    public Rendered sweep(long id, SweepRequest.Raw raw) {
        SweepRequest.checkForm(raw);
        SweepInfo s = strategy.sweep(id);
        if (s.inProgress() || s.failedSweep()) {
            throw new NotReady(s);
        }
        List<ResultRow> rows = allResults(s);
        SweepRequest request = SweepRequest.resolve(s, raw, rows);
        String file = "sweep-" + id + ".html";
        boolean cacheable = s.finishedAt() != null;
        ReportCache.Key key = new ReportCache.Key(id, FORMAT, request.cacheVariant(), ReportService.REPORT_VERSION);
        if (cacheable) {
            var held = cache.inMemory(key, s.fingerprint());
            var hit = held.isPresent() ? held : cache.stored(key, s.fingerprint());
            if (hit.isPresent()) {
                count("hit", held.isPresent() ? "memory" : "database");
                return new Rendered(hit.get().body(), hit.get().contentType(), "hit", file);
            }
        }
        byte[] body = render(s, request, rows).getBytes(StandardCharsets.UTF_8);
        if (cacheable) {
            cache.put(key, s.fingerprint(), new ReportCache.Entry(body, ReportService.HTML));
        }
        count(cacheable ? "miss" : "bypass", "none");
        return new Rendered(body, ReportService.HTML, cacheable ? "miss" : "bypass", file);
    }

    private String render(SweepInfo s, SweepRequest request, List<ResultRow> rows) {
        SweepGrid grid = SweepGrid.of(request.x(), request.y(), request.fixed(), request.figure(), rows);
        ResultsPage table = strategy.sweepResults(s.id(), request.sort(), request.top(), 0);
        Map<Integer, RunSeries> series = new LinkedHashMap<>();
        List<SweepRenderer.Curve> curves = new ArrayList<>();
        for (ResultRow r : SweepRequest.ranked(rows, request.figure())) {
            if (curves.size() == request.curves() || r.failure() != null) {
                break;
            }
            curves.add(new SweepRenderer.Curve(r, series(s.id(), r.index(), series)));
        }
        Analysis analysis = null;
        String problem = null;
        StitchedEquity stitched = null;
        try {
            analysis = strategy.sweepAnalysis(s.id(), request.selection(), request.inSampleMonths(), request.outOfSampleMonths(),
                    request.window(), request.blocks());
        } catch (ProblemException e) {
            if (e.problem().status() != 409) {
                throw e;
            }
            problem = e.problem().detail();
        }
        if (analysis != null && analysis.walkForward() != null) {
            for (Fold f : analysis.walkForward().folds()) {
                series(s.id(), f.variantIndex(), series);
            }
            stitched = StitchedEquity.of(analysis.walkForward().folds(), series);
        }
        return SweepRenderer.render(new SweepRenderer.Input(s, request, grid, table.rows(), table.matching(), curves, analysis, problem,
                stitched), reports.echartsPath());
    }

    /** A variant's series, fetched once per page (strategy-service recomputes it). */
    private RunSeries series(long sweep, int index, Map<Integer, RunSeries> loaded) {
        return loaded.computeIfAbsent(index, i -> strategy.sweepSeries(sweep, i));
    }

    /** Every result row of the sweep (variants that ran), in pages of {@value #PAGE}, at most {@code keel.report.sweeps.max-results}. */
    List<ResultRow> allResults(SweepInfo s) {
        int max = config.sweeps().maxResults();
        List<ResultRow> out = new ArrayList<>();
        for (int offset = 0; out.size() < max; offset += PAGE) {
            ResultsPage p = strategy.sweepResults(s.id(), "index", Math.min(PAGE, max - out.size()), offset);
            out.addAll(p.rows());
            if (p.rows().isEmpty() || offset + p.rows().size() >= p.matching()) {
                break;
            }
        }
        return out;
    }

    /** The list of sweeps, newest first. */
    public Rendered index() {
        String html = SweepRenderer.index(strategy.sweeps(100));
        return new Rendered(html.getBytes(StandardCharsets.UTF_8), ReportService.HTML, "bypass", "sweeps.html");
    }

    /** Every variant's results as strategy-service writes them in CSV, in {@code sort} order (null: the sweep's ranking). */
    public Rendered resultsCsv(long id, String sort) {
        if (sort != null) {
            sort = SweepRequest.sortKey(sort);
        }
        String csv = strategy.sweepResultsCsv(id, sort);
        return new Rendered(csv.getBytes(StandardCharsets.UTF_8), ReportService.CSV, "bypass", "sweep-" + id + "-results.csv");
    }

    private void count(String result, String tier) {
        registry.counter("keel.report.cache.requests", "format", FORMAT, "result", result, "tier", tier).increment();
    }
}
