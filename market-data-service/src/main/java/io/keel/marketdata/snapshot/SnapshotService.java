package io.keel.marketdata.snapshot;

import io.keel.prices.SourceException;

import io.keel.marketdata.MarketDataConfig;
import io.keel.marketdata.domain.Bar;
import io.keel.marketdata.domain.BarValidator;
import io.keel.prices.Issue;
import io.keel.prices.Prices;
import io.keel.prices.RawBar;
import io.keel.prices.SeriesFetch;
import io.keel.marketdata.domain.ValidatedSeries;
import io.keel.marketdata.ops.MarketDataMetrics;
import io.keel.marketdata.store.BarStore;
import io.keel.marketdata.store.SnapshotRepository;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;

/**
 * Takes snapshots. All snapshot work runs on one "snapshot-runner" thread in id order, so snapshot ids increase
 * with the order in which their data is written and no two snapshots write at once. Within a Yahoo snapshot the
 * symbols are fetched in parallel (bounded by {@code keel.marketdata.yahoo.concurrency}); each symbol is then
 * validated and written in its own transaction, so one symbol's failure never touches another's data or any
 * earlier snapshot's.
 * <p>
 * Fetch window per symbol: from the requested start (backfill); else from {@code trailing-days} before its last
 * stored bar (incremental, catching late fixes); else from {@code default-start}. If an incremental fetch shows
 * that Yahoo re-based the adjusted closes of already stored days (a new dividend), the whole stored range is
 * fetched again so one symbol never mixes two adjustment bases.
 */
@ApplicationScoped
public class SnapshotService {

    private static final Logger LOG = Logger.getLogger(SnapshotService.class);
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @Inject
    MarketDataConfig config;

    @Inject
    SnapshotRepository snapshots;

    @Inject
    BarStore bars;

    @Inject
    PriceSource source;

    @Inject
    MarketDataMetrics metrics;

    @Inject
    Clock clock;

    @Inject
    io.keel.common.DatabaseRetry database;

    private ExecutorService runner;
    /**
     * Held while a snapshot's id is taken and its work queued, so that the runner gets snapshots in id order: two
     * requests at once could otherwise queue the higher id first, and the lower one, written later, would supersede
     * bars of a newer snapshot (refused by the database: the import failed).
     */
    private final Object queue = new Object();
    /** Snapshots whose run ended while the database stayed away longer than it waits: their end is recorded later. */
    private final Set<Long> unrecorded = ConcurrentHashMap.newKeySet();
    private ExecutorService fetchers;
    private BarValidator validator;

    @PostConstruct
    void init() {
        runner = Executors.newSingleThreadExecutor(r -> daemon(r, "snapshot-runner"));
        fetchers = Executors.newFixedThreadPool(Math.max(1, config.yahoo().concurrency()), r -> daemon(r, "snapshot-fetch"));
        validator = new BarValidator(config.validation().maxDailyMove(), config.validation().rejectJumps());
    }

    @PreDestroy
    void shutdown() {
        runner.shutdownNow();
        fetchers.shutdownNow();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** A queued snapshot and the future that completes when it finished. */
    public record Ticket(long id, Future<?> done) {
    }

    /**
     * Queues a snapshot of {@code symbols} from the price source (all tracked symbols when empty; the configured
     * defaults when nothing is tracked yet). Returns at once.
     *
     * @param start backfill start date, or null for an incremental snapshot
     */
    public Ticket submit(List<String> symbols, LocalDate start) {
        List<String> list = symbols == null || symbols.isEmpty() ? trackedOrDefault() : List.copyOf(new LinkedHashSet<>(symbols));
        synchronized (queue) {
            long id = snapshots.createQueued(source.name(), list, start, start == null ? null : "backfill from " + start);
            Future<?> done = runner.submit(() -> runFetching(id, list, start));
            return new Ticket(id, done);
        }
    }

    /** The symbols a snapshot without symbols covers. */
    public List<String> trackedOrDefault() {
        List<String> tracked = bars.trackedSymbols();
        return tracked.isEmpty() ? List.copyOf(config.defaultSymbols()) : tracked;
    }

    /**
     * Stores already-fetched series (CSV import, bundled sample data) as one snapshot with {@code sourceName};
     * blocks until written. Returns the snapshot id.
     */
    public long importSeries(String sourceName, List<SeriesFetch> series, String note) {
        List<String> symbols = series.stream().map(SeriesFetch::symbol).toList();
        long id;
        Future<?> f;
        synchronized (queue) {
            id = snapshots.createQueued(sourceName, symbols, null, note);
            f = runner.submit(() -> runImport(id, sourceName, series));
        }
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while importing", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("import failed: " + e.getCause(), e.getCause());
        }
        return id;
    }

    /**
     * A CSV import or the sample data: the caller waits for it, so a database outage is not waited out
     * here (the request answers 503); the snapshot is finished whatever happens, as far as the database
     * allows (one it cannot finish is recorded once the database is back, see {@link #recordEndsLater()}).
     */
    private void runImport(long id, String sourceName, List<SeriesFetch> series) {
        Instant t0 = clock.instant();
        recordEnds();
        try {
            snapshots.markRunning(id);
            for (SeriesFetch s : series) {
                store(id, sourceName, s, null);
            }
        } finally {
            finish(id, sourceName, t0, false);
        }
    }

    private void runFetching(long id, List<String> symbols, LocalDate start) {
        Instant t0 = clock.instant();
        recordEnds();
        try {
            database.run(() -> snapshots.markRunning(id));
            Map<String, CompletableFuture<Fetched>> futures = new HashMap<>();
            for (String s : symbols) {
                futures.put(s, CompletableFuture.supplyAsync(() -> fetch(s, start), fetchers));
            }
            for (String s : symbols) {
                try {
                    Fetched f;
                    try {
                        f = futures.get(s).join();
                    } catch (java.util.concurrent.CompletionException e) {
                        if (!io.keel.common.DatabaseFailures.isUnavailable(e.getCause())) {
                            throw e;
                        }
                        // the fetch's reads of stored bars met a database outage: fetch again once it is back
                        f = database.get(() -> fetch(s, start), Fetched.class);
                    }
                    Fetched fetched = f;
                    // each attempt is one transaction per symbol: a write cut by an outage is rolled back and redone
                    database.run(() -> store(id, source.name(), fetched.series(), fetched.message()));
                } catch (RuntimeException e) {
                    Throwable cause = e.getCause() != null && e instanceof java.util.concurrent.CompletionException ? e.getCause() : e;
                    String msg = describe(cause);
                    LOG.warnf("snapshot %d: %s failed: %s", id, s, msg);
                    database.run(() -> snapshots.recordOutcome(id, SymbolOutcome.failed(s, msg)));
                }
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "snapshot %d failed", id);
        } finally {
            finish(id, source.name(), t0, true);
        }
    }

    private static String describe(Throwable e) {
        if (e instanceof CircuitBreakerOpenException) {
            return "Yahoo circuit breaker is open; not fetched";
        }
        if (e instanceof SourceException se && se.unknownSymbol()) {
            return se.getMessage();
        }
        // stored with the snapshot and served: never an exception's class name or an internal URL (issue 23)
        return e.getMessage() == null ? "the price source failed without giving a reason"
                : io.keel.common.Messages.withoutInternals(e.getMessage());
    }

    private record Fetched(SeriesFetch series, String message) {
    }

    private Fetched fetch(String symbol, LocalDate start) {
        LocalDate today = LocalDate.now(clock.withZone(NEW_YORK));
        if (start != null) {
            return new Fetched(source.fetch(symbol, start, today), "backfill from " + start);
        }
        Optional<LocalDate[]> range = bars.currentRange(symbol);
        if (range.isEmpty()) {
            LocalDate from = config.defaultStart();
            return new Fetched(source.fetch(symbol, from, today), "first fetch from " + from);
        }
        LocalDate from = range.get()[1].minusDays(config.trailingDays());
        SeriesFetch recent = source.fetch(symbol, from, today);
        Map<LocalDate, Bar> stored = new HashMap<>();
        for (Bar b : bars.currentBars(symbol, from)) {
            stored.put(b.date(), b);
        }
        for (RawBar r : recent.bars()) {
            Bar old = stored.get(r.date());
            if (old != null && r.adjClose() != null && !Prices.same(old.adjClose(), Prices.scaled(r.adjClose()))) {
                LocalDate first = range.get()[0];
                SeriesFetch full = source.fetch(symbol, first, today);
                List<Issue> issues = new ArrayList<>(full.issues());
                issues.add(Issue.flagged(r.date(), "REBASED", "adjusted close changed for a stored day (" + old.adjClose() + " -> "
                        + Prices.scaled(r.adjClose()) + "); history re-fetched from " + first));
                return new Fetched(new SeriesFetch(full.symbol(), full.currency(), full.exchangeTz(), full.name(), full.bars(),
                        full.actions(), issues), "adjustment re-based; re-fetched from " + first);
            }
        }
        return new Fetched(recent, "incremental from " + from);
    }

    private void store(long id, String sourceName, SeriesFetch s, String message) {
        try {
            ValidatedSeries v = validator.validate(s.bars(), s.issues(),
                    s.bars().isEmpty() ? null : bars.currentBefore(s.symbol(), s.bars().stream().map(RawBar::date).min(LocalDate::compareTo)
                            .orElseThrow()).orElse(null));
            SymbolOutcome outcome;
            if (v.bars().isEmpty() && !s.bars().isEmpty()) {
                outcome = new SymbolOutcome(s.symbol(), SymbolStatus.REJECTED, 0, v.rejected(), v.repaired(), 0, null, null,
                        "every row rejected by validation");
                bars.recordIssues(id, s.symbol(), v.issues(), outcome);
            } else {
                outcome = bars.apply(id, s, v, message);
                try {
                    metrics.latestBar(s.symbol(), bars.currentRange(s.symbol()).map(r -> r[1]).orElse(null));
                } catch (RuntimeException e) {
                    // the bars are committed: a failed gauge refresh must not make the symbol be written again
                    LOG.warnf("snapshot %d: latest-bar gauge of %s not refreshed: %s", id, s.symbol(), e.getMessage());
                }
            }
            metrics.rows(sourceName, outcome.rowsWritten(), outcome.rowsRejected(), outcome.rowsRepaired());
        } catch (RuntimeException e) {
            if (io.keel.common.DatabaseFailures.isUnavailable(e)) {
                throw e; // retried by the caller once the database is back
            }
            LOG.errorf(e, "snapshot %d: writing %s failed", id, s.symbol());
            snapshots.recordOutcome(id, SymbolOutcome.failed(s.symbol(), "write failed: " + e.getMessage()));
        }
    }

    private void finish(long id, String sourceName, Instant t0, boolean waitForDatabase) {
        try {
            SnapshotStatus status = waitForDatabase ? database.get(() -> snapshots.finish(id, null), SnapshotStatus.class)
                    : snapshots.finish(id, null);
            if (snapshots.find(id).map(r -> r.rowsWritten() >= 5_000).orElse(false)) {
                bars.analyze();
            }
            metrics.snapshotFinished(sourceName, status.apiName(), Duration.between(t0, clock.instant()));
            LOG.infof("snapshot %d (%s) %s in %d ms", id, sourceName, status.apiName(), Duration.between(t0, clock.instant()).toMillis());
        } catch (RuntimeException e) {
            if (io.keel.common.DatabaseFailures.isUnavailable(e)) {
                unrecorded.add(id);
                LOG.errorf("snapshot %d ended while the database was unavailable for longer than %s: its end is recorded"
                        + " once the database is back", id, database.window());
            } else {
                LOG.errorf(e, "cannot finish snapshot %d", id);
            }
        }
    }

    /** Whether some snapshot's end waits to be recorded ({@link #recordEndsLater()}). */
    public boolean endsToRecord() {
        return !unrecorded.isEmpty();
    }

    /**
     * Records, on the snapshot thread (no snapshot runs meanwhile), the end of the snapshots whose run
     * ended while the database was unavailable for longer than it waits: symbols left without an outcome
     * failed, the snapshot partial or failed. Those the database still refuses wait for the next call (the
     * scheduler calls every {@code keel.marketdata.schedule.unrecorded-retry}, and every snapshot run starts with it).
     */
    public Future<?> recordEndsLater() {
        return runner.submit(this::recordEnds);
    }

    private void recordEnds() {
        for (Long id : List.copyOf(unrecorded)) {
            try {
                SnapshotStatus status = snapshots.closeUnrecorded(id, "ended while the database was unavailable for longer"
                        + " than " + database.window() + "; symbols without an outcome were not stored");
                unrecorded.remove(id);
                LOG.infof("snapshot %d: its end recorded once the database was back (%s)", id, status.apiName());
            } catch (RuntimeException e) {
                if (!io.keel.common.DatabaseFailures.isUnavailable(e)) {
                    unrecorded.remove(id); // not an outage: closed as interrupted at the next start
                    LOG.errorf(e, "cannot record the end of snapshot %d", id);
                }
            }
        }
    }
}
