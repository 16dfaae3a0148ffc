package io.keel.strategy.app.runs;

import io.keel.engine.calc.InvalidDefinitionException;
import io.keel.engine.definition.BacktestDefinition;
import io.keel.engine.json.DefinitionJson;
import io.keel.strategy.app.definitions.DefinitionStore;
import io.keel.strategy.app.marketdata.MarketDataException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Executes one run: claims it (one transaction), fetches prices and runs the engine (no
 * transaction open), then stores status, summary and series in one transaction that only commits
 * if this execution still owns the run. A run is therefore completed exactly once even when Quartz
 * recovers it on another node.
 */
@ApplicationScoped
public class RunExecutor {

    private static final Logger LOG = Logger.getLogger(RunExecutor.class);

    @Inject
    RunStore runs;

    @Inject
    DefinitionStore definitions;

    @Inject
    BacktestRunner runner;

    @Inject
    Scheduler scheduler;

    @Inject
    Event<RunFinished> finished;

    @Inject
    io.keel.common.DatabaseRetry database;

    public String node() {
        try {
            return scheduler.getSchedulerInstanceId();
        } catch (SchedulerException e) {
            return "unknown";
        }
    }

    @Inject
    RunNotes runNotes;

    @Inject
    RunBenchmarks benchmarks;

    /** The stored summary with one more series column described (appended to its {@code columns}). */
    static String withColumn(String summaryJson, String column) {
        try {
            var mapper = DefinitionJson.mapper();
            var root = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(summaryJson);
            var described = io.keel.result.SeriesColumns.describe(java.util.List.of(column), java.util.List.of()).get(0);
            ((com.fasterxml.jackson.databind.node.ArrayNode) root.get("columns")).add(mapper.valueToTree(described));
            return DefinitionJson.write(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public void execute(long runId, boolean recovering) {
        String node = node();
        Optional<RunStore.Claim> claimed = QuarkusTransaction.requiringNew().call(() -> runs.claim(runId, node, recovering));
        if (claimed.isEmpty()) {
            LOG.infof("run %d: nothing to do on %s (already finished or running elsewhere; recovering=%s)", runId, node, recovering);
            return;
        }
        RunStore.Claim claim = claimed.get();
        long t0 = System.nanoTime();
        Long snapshotId = null;
        RunStatus status;
        String error = null;
        String summary = null;
        String next = null;
        Map<String, String> series = null;
        String note = null;
        try {
            String body = database.get(() -> QuarkusTransaction.requiringNew().call(() -> definitions.version(claim.definitionId(), claim.version())
                    .orElseThrow(() -> new IllegalStateException("definition version vanished")).body()), String.class);
            BacktestDefinition def = DefinitionJson.parse(body);
            BacktestRunner.Outcome out = runner.run(def, claim.snapshotRequested());
            snapshotId = out.prices().snapshotId();
            summary = out.summaryJson();
            next = DefinitionJson.write(io.keel.engine.calc.ResultContract.next(out.result().next()));
            series = SeriesJson.arrays(out.result().series());
            double[] bench = benchmarks.returns(claim.benchmark(), snapshotId, out.result().series().dates());
            if (bench != null) {
                series.put(RunBenchmarks.COLUMN, SeriesJson.array(bench));
                summary = withColumn(summary, RunBenchmarks.COLUMN);
            }
            note = DataRange.note(def, out.prices().history());
            status = RunStatus.SUCCEEDED;
        } catch (InvalidDefinitionException e) {
            status = RunStatus.FAILED;
            error = "definition cannot run on snapshot " + claim.snapshotRequested() + ": "
                    + e.violations().stream().map(Object::toString).collect(Collectors.joining("; "));
        } catch (io.keel.engine.calc.BacktestNotComputableException e) {
            // the data cannot give a result (e.g. too little history for the weight scheme): the reason is in domain words
            status = RunStatus.FAILED;
            error = "definition cannot be computed on snapshot " + claim.snapshotRequested() + ": " + e.getMessage();
        } catch (MarketDataException e) {
            status = RunStatus.FAILED;
            error = io.keel.common.Messages.withoutInternals(e.getMessage());
        } catch (RuntimeException e) {
            if (io.keel.common.DatabaseFailures.isUnavailable(e)) {
                // not the run's fault: leave it RUNNING; OrphanRuns resumes it once the database is back
                LOG.warnf("run %d: database unavailable beyond the outage wait; left for resumption: %s", runId, e.getMessage());
                throw e;
            }
            status = RunStatus.FAILED;
            // the reason in domain words: no exception class names or internal URLs (the log has them)
            String why = io.keel.common.Messages.withoutInternals(e.getMessage());
            error = "market data or engine failure" + (why == null || why.isBlank() ? "; see the service log" : ": " + why);
            LOG.warnf(e, "run %d failed", runId);
        }
        final RunStatus st = status;
        final Long snap = snapshotId;
        final String err = error;
        final String sum = summary;
        final String nxt = next;
        final Map<String, String> ser = series;
        // one transaction per attempt: a store cut by a database outage is rolled back and redone once it is back
        final String nte = note;
        boolean mine = database.get(() -> QuarkusTransaction.requiringNew().call(() -> {
            boolean finished = runs.finish(claim, st, snap, sum, nxt, ser, err);
            if (finished && nte != null) {
                runNotes.put(claim.runId(), nte);
            }
            return finished;
        }), Boolean.class);
        long nanos = System.nanoTime() - t0;
        if (mine) {
            finished.fire(new RunFinished(st, nanos));
            LOG.infof("run %d %s on %s in %d ms%s", runId, st, node, nanos / 1_000_000, err == null ? "" : ": " + err);
        } else {
            LOG.warnf("run %d: execution %d on %s lost its claim; result discarded", runId, claim.executionId(), node);
        }
    }
}
