package io.keel.strategy.app.runs;

import io.keel.common.Problem;
import io.keel.common.ProblemException;
import io.keel.engine.data.PriceSeries;
import io.keel.engine.definition.BacktestDefinition;
import io.keel.engine.json.DefinitionJson;
import io.keel.result.Benchmark;
import io.keel.strategy.app.definitions.DefinitionStore;
import io.keel.strategy.app.marketdata.MarketData;
import io.keel.strategy.app.marketdata.MarketDataClient;
import io.keel.strategy.app.marketdata.MarketDataException;
import io.keel.strategy.app.marketdata.PricesResponse;
import io.keel.strategy.app.marketdata.SnapshotPrices;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A run's benchmark (issue 20): decided and checked at submission (the request's, else the definition version's),
 * stored with the run in canonical form, and, for symbols, turned into the run's {@code benchmark_ret} column when
 * it executes, from the same snapshot and on the run's own dates, so that reports need no other data.
 */
@ApplicationScoped
public class RunBenchmarks {

    private static final Logger LOG = Logger.getLogger(RunBenchmarks.class);

    /** The series column holding a symbol benchmark's daily returns (see {@link io.keel.result.SeriesColumns}). */
    public static final String COLUMN = io.keel.result.SeriesColumns.BENCHMARK_RETURNS;

    @Inject
    DefinitionStore definitions;

    @Inject
    RunStore runs;

    @Inject
    @RestClient
    MarketDataClient client;

    @Inject
    MarketData marketData;

    /** Symbol sets found in a snapshot ("snapshot|SYM,SYM"), so that submissions do not ask market data again; bounded. */
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private static final int SEEN_MAX = 1024;

    /**
     * The benchmark a submitted run gets, in canonical form, or null for none: {@code requested} when the request
     * names one ({@code none} for none), else the definition version's.
     *
     * @throws ProblemException 400 naming {@code benchmark} when malformed; 422 naming it when it names a symbol the
     *                          snapshot lacks or a definition or run that does not exist
     */
    public String forSubmission(String name, Integer version, String snapshot, String requested) {
        Benchmark b;
        if (requested != null) {
            try {
                b = Benchmark.parse(requested);
            } catch (IllegalArgumentException e) {
                throw ProblemException.badRequest("benchmark", e.getMessage());
            }
        } else {
            Optional<BacktestDefinition> def = QuarkusTransaction.requiringNew().call(() -> definitions.find(name)
                    .flatMap(h -> definitions.version(h.id(), version == null ? h.latestVersion() : version))
                    .map(v -> DefinitionJson.parse(v.body())));
            if (def.isEmpty() || def.get().benchmark() == null) {
                return null; // an unknown definition or version is answered 404 by the submission itself
            }
            try {
                b = Benchmark.parse(def.get().benchmark());
            } catch (IllegalArgumentException e) {
                throw unprocessable("the definition's benchmark cannot be read: " + e.getMessage());
            }
        }
        if (b == null) {
            return null;
        }
        check(b, name, snapshot);
        return b.key();
    }

    private void check(Benchmark b, String name, String snapshot) {
        if (b instanceof Benchmark.Mix m) {
            requireSymbols(m.symbols(), snapshot);
        } else if (b instanceof Benchmark.Definition d) {
            if (d.name().equalsIgnoreCase(name)) {
                throw unprocessable("a definition's runs cannot be their own benchmark");
            }
            if (QuarkusTransaction.requiringNew().call(() -> definitions.find(d.name())).isEmpty()) {
                throw unprocessable("there is no definition named '" + d.name() + "'");
            }
        } else if (b instanceof Benchmark.Run r) {
            Optional<RunStore.Row> row = QuarkusTransaction.requiringNew().call(() -> runs.find(r.id()));
            if (row.isEmpty()) {
                throw unprocessable("there is no run " + r.id());
            }
            Long used = row.get().snapshotId();
            if (used != null && !"latest".equals(snapshot) && used != Long.parseLong(snapshot)) {
                throw unprocessable("run " + r.id() + " ran on snapshot " + used + ", this run is asked on snapshot "
                        + snapshot + ": a benchmark run must use the same snapshot");
            }
        }
    }

    /**
     * Refuses symbols the snapshot has no prices of. Asked once, without retries; when market data cannot answer the
     * run is queued and its execution fails naming the symbol if the snapshot lacks it.
     */
    private void requireSymbols(List<String> symbols, String snapshot) {
        String key = snapshot + "|" + String.join(",", symbols);
        if (seen.contains(key)) {
            return;
        }
        PricesResponse r;
        try {
            r = client.prices(String.join(",", symbols), null, null, snapshot, MarketData.FIELD);
        } catch (WebApplicationException e) {
            int status = e.getResponse() == null ? 0 : e.getResponse().getStatus();
            if (status == 404 || status == 400) {
                throw unprocessable("snapshot " + snapshot + " has no prices of " + (symbols.size() == 1 ? symbols.get(0)
                        : "one of " + String.join(", ", symbols)) + "; name symbols of the snapshot, definition:<name> or none");
            }
            LOG.debugf("benchmark %s not checked at submission: market data answered %d", key, status);
            return;
        } catch (RuntimeException e) {
            LOG.debugf("benchmark %s not checked at submission: %s", key, e.toString());
            return;
        }
        for (String s : symbols) {
            List<Double> v = r == null || r.values() == null ? null : r.values().get(s);
            if (v == null || v.stream().allMatch(java.util.Objects::isNull)) {
                throw unprocessable("snapshot " + snapshot + " has no prices of " + s
                        + "; name symbols of the snapshot, definition:<name> or none");
            }
        }
        if (seen.size() >= SEEN_MAX) {
            seen.clear();
        }
        seen.add(key);
    }

    /**
     * The daily returns of a symbol benchmark on a run's dates (docs/metrics.md, "Benchmark-relative"): each symbol's
     * adjusted closes from the run's snapshot on those dates, weighted daily; null when {@code key} is no symbol
     * benchmark (none, a definition or a run: reports read those runs' own returns).
     *
     * @throws MarketDataException naming the benchmark when the snapshot has no prices of one of its symbols
     */
    public double[] returns(String key, long snapshotId, List<LocalDate> dates) {
        if (key == null || dates.isEmpty() || !(Benchmark.parse(key) instanceof Benchmark.Mix m)) {
            return null;
        }
        SnapshotPrices prices;
        try {
            prices = marketData.prices(m.symbols(), dates.get(0), dates.get(dates.size() - 1), Long.toString(snapshotId));
        } catch (MarketData.NotFoundAbort e) {
            throw new MarketDataException("benchmark " + key + ": snapshot " + snapshotId + " has no prices of "
                    + String.join(", ", m.symbols()), true, e);
        }
        Map<String, double[]> closes = new LinkedHashMap<>();
        for (String s : m.symbols()) {
            PriceSeries p = prices.history().series(s).orElseThrow(() -> new MarketDataException("benchmark " + key
                    + ": snapshot " + snapshotId + " has no prices of " + s + " between " + dates.get(0) + " and "
                    + dates.get(dates.size() - 1), true, null));
            Map<LocalDate, Double> byDate = new HashMap<>(p.size() * 2);
            for (int i = 0; i < p.size(); i++) {
                byDate.put(p.dates()[i], p.prices()[i]);
            }
            double[] c = new double[dates.size()];
            for (int t = 0; t < c.length; t++) {
                c[t] = byDate.getOrDefault(dates.get(t), Double.NaN);
            }
            closes.put(s, c);
        }
        return m.dailyReturns(closes);
    }

    private static ProblemException unprocessable(String why) {
        return new ProblemException(Problem.validation("benchmark: " + why, List.of(new Problem.FieldError("benchmark", why)))
                .withStatus(422, "Unprocessable content"));
    }
}
