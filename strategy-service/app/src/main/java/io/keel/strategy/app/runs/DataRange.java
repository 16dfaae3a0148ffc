package io.keel.strategy.app.runs;

import io.keel.common.Problem;
import io.keel.common.ProblemException;
import io.keel.engine.data.PriceHistory;
import io.keel.engine.data.PriceSeries;
import io.keel.engine.definition.BacktestDefinition;
import io.keel.engine.json.DefinitionJson;
import io.keel.strategy.app.definitions.DefinitionStore;
import io.keel.strategy.app.marketdata.MarketData;
import io.keel.strategy.app.marketdata.MarketDataClient;
import io.keel.strategy.app.marketdata.PricesResponse;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A definition's start against the dates its data covers (issue 23). A start after the data's last date would give a
 * run with nothing to compute: it is refused at submission with the data's range. A start before the data's first
 * date runs from the first date, and the run says so ({@link #note}).
 */
@ApplicationScoped
public class DataRange {

    private static final Logger LOG = Logger.getLogger(DataRange.class);

    @Inject
    @RestClient
    MarketDataClient client;

    @Inject
    DefinitionStore definitions;

    /**
     * Refuses a run whose definition starts after the last date of its universe's prices in {@code snapshot}. Asked
     * once, without retries, and remembered: a start within the data seen before is accepted without asking again;
     * when market data cannot answer, the run is queued and its execution reports what it finds.
     *
     * @throws ProblemException 422 naming {@code start} with the data's first and last dates
     */
    public void requireStartWithinData(String name, Integer version, String snapshot) {
        Optional<BacktestDefinition> def = QuarkusTransaction.requiringNew().call(() -> definitions.find(name)
                .flatMap(h -> definitions.version(h.id(), version == null ? h.latestVersion() : version))
                .map(v -> DefinitionJson.parse(v.body())));
        if (def.isEmpty() || def.get().start() == null) {
            return; // an unknown definition or version is answered 404 by the submission itself
        }
        BacktestDefinition d = def.get();
        String key = snapshot + "|" + String.join(",", d.universe());
        Range known = seen.get(key);
        // data seen before reaching the start: accepted without asking (a pinned snapshot never changes, the latest one
        // only moves on to newer data), so submissions do not wait on market data once a universe was seen
        if (known != null && !d.start().isAfter(known.last())) {
            return;
        }
        Optional<Range> range = known != null && !"latest".equals(snapshot) ? Optional.of(known) : range(d.universe(), snapshot, key);
        if (range.isPresent() && d.start().isAfter(range.get().last())) {
            Range r = range.get();
            String why = "starts on " + d.start() + ", after the last date of its data in snapshot " + r.snapshotId()
                    + " (the universe's prices run from " + r.first() + " to " + r.last() + "); choose a start on or before "
                    + r.last();
            throw new ProblemException(Problem.validation("start: " + why, List.of(new Problem.FieldError("start", why)))
                    .withStatus(422, "Unprocessable content"));
        }
    }

    /** The dates a universe's prices cover in a snapshot. */
    record Range(long snapshotId, LocalDate first, LocalDate last) {
    }

    /** Ranges seen, by requested snapshot ({@code latest} or an id) and universe; bounded. */
    private final Map<String, Range> seen = new ConcurrentHashMap<>();
    private static final int SEEN_MAX = 1024;

    /** The range, or empty when market data has none or cannot answer (asked once, no retries). */
    private Optional<Range> range(List<String> universe, String snapshot, String key) {
        String symbols = String.join(",", universe);
        try {
            PricesResponse all = client.prices(symbols, null, null, snapshot, MarketData.FIELD);
            if (all == null || all.dates() == null || all.dates().isEmpty() || all.snapshotId() == null) {
                return Optional.empty(); // no data at all: the run's execution says so
            }
            Range r = new Range(all.snapshotId(), LocalDate.parse(all.dates().get(0)),
                    LocalDate.parse(all.dates().get(all.dates().size() - 1)));
            if (seen.size() >= SEEN_MAX) {
                seen.clear();
            }
            seen.put(key, r);
            return Optional.of(r);
        } catch (RuntimeException e) {
            LOG.debugf("data range of %s not checked at submission: %s", symbols, e.toString());
            return Optional.empty();
        }
    }

    /**
     * What a run on {@code history} tells its reader about its start, or null when there is nothing to say: a
     * definition starting before the data's first date runs from that first date.
     */
    public static String note(BacktestDefinition def, PriceHistory history) {
        if (def.start() == null) {
            return null;
        }
        LocalDate first = null;
        for (String s : history.symbols()) {
            PriceSeries p = history.series(s).orElseThrow();
            if (p.size() > 0 && (first == null || p.dates()[0].isBefore(first))) {
                first = p.dates()[0];
            }
        }
        if (first == null || !def.start().isBefore(first)) {
            return null;
        }
        return "start " + def.start() + " is before the first date of the data (" + first + "): the run uses the data from "
                + first;
    }
}
