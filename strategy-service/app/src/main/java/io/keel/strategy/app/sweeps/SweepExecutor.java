package io.keel.strategy.app.sweeps;

import io.keel.strategy.app.marketdata.MarketDataException;
import io.keel.strategy.app.marketdata.SnapshotPrices;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Executes one chunk of a sweep: claims it (one transaction), fetches the pinned snapshot's prices once and runs the
 * chunk's variants through the engine (no transaction open, results kept for this chunk only), then stores the
 * chunk's completion and all its variants' rows in one transaction that commits only while this execution still
 * holds the chunk's claim. Each variant's result is therefore stored exactly once, even when Quartz recovers the chunk
 * on another node after this one died.
 */
@ApplicationScoped
public class SweepExecutor {

    private static final Logger LOG = Logger.getLogger(SweepExecutor.class);

    @Inject
    SweepStore store;

    @Inject
    SweepEngine engine;

    @Inject
    Scheduler scheduler;

    @Inject
    Event<SweepChunkFinished> finished;

    @Inject
    io.keel.common.DatabaseRetry database;

    String node() {
        try {
            return scheduler.getSchedulerInstanceId();
        } catch (SchedulerException e) {
            return "unknown";
        }
    }

    public void execute(long sweepId, int chunk, boolean recovering) {
        String node = node();
        Optional<SweepStore.Claim> claimed = database.get(() -> QuarkusTransaction.requiringNew()
                .call(() -> store.claim(sweepId, chunk, node, recovering)), Optional.class);
        if (claimed.isEmpty()) {
            LOG.debugf("sweep %d chunk %d: nothing to do on %s (finished, skipped or running elsewhere; recovering=%s)",
                    sweepId, chunk, node, recovering);
            return;
        }
        SweepStore.Claim claim = claimed.get();
        long t0 = System.nanoTime();
        List<SweepStore.VariantRow> rows = new ArrayList<>();
        String error = null;
        try {
            SweepEngine.Chunk work = engine.chunk(claim.baseDefinition(), claim.axesJson(), claim.variantsJson());
            SnapshotPrices prices = engine.prices(work.base(), claim.snapshotId());
            engine.run(work, prices.history(), rows::add);
        } catch (MarketDataException e) {
            error = io.keel.common.Messages.withoutInternals(e.getMessage());
        } catch (RuntimeException e) {
            if (io.keel.common.DatabaseFailures.isUnavailable(e)) {
                throw e;
            }
            String why = io.keel.common.Messages.withoutInternals(e.getMessage());
            error = "market data or engine failure" + (why == null || why.isBlank() ? "; see the service log" : ": " + why);
            LOG.warnf(e, "sweep %d chunk %d failed", sweepId, chunk);
        }
        String err = error;
        // one transaction per attempt: a store cut by a database outage is rolled back and redone once it is back
        boolean mine = database.get(() -> QuarkusTransaction.requiringNew().call(() -> store.finish(claim, node, rows, err)), Boolean.class);
        long nanos = System.nanoTime() - t0;
        if (mine) {
            int failed = err != null ? 0 : (int) rows.stream().filter(r -> r.failure() != null).count();
            finished.fire(new SweepChunkFinished(err != null ? 0 : rows.size() - failed, err != null ? 0 : failed, err != null, nanos));
            LOG.debugf("sweep %d chunk %d: %d variants on %s in %d ms%s", sweepId, chunk, rows.size(), node, nanos / 1_000_000,
                    err == null ? "" : ": " + err);
        } else {
            LOG.warnf("sweep %d chunk %d: execution %d on %s lost its claim; results discarded", sweepId, chunk, claim.attempt(), node);
        }
    }
}
