package io.keel.strategy.app.metrics;

import io.keel.strategy.app.sweeps.SweepChunkFinished;
import io.keel.strategy.app.sweeps.SweepStatus;
import io.keel.strategy.app.sweeps.SweepStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sweeps' metrics (Prometheus names):
 * <ul>
 *   <li>{@code keel_sweep_variants_completed_total} (this node's finished variants, tag {@code status} SUCCEEDED or
 *       FAILED): its rate per replica is how fast each node works through sweeps;</li>
 *   <li>{@code keel_sweep_chunks_completed_total} (this node, tag {@code status} DONE or FAILED) and
 *       {@code keel_sweep_chunk_duration_seconds} (this node's chunk executions);</li>
 *   <li>{@code keel_sweeps} (cluster-wide count per {@code status}) and {@code keel_sweep_variants_pending} (valid
 *       variants of queued or running sweeps not finished yet, cluster-wide), from the database every 10 s.</li>
 * </ul>
 * The counters exist from the start at 0 (so a dashboard shows 0, not "no data"). {@code SweepExecutor} does not call
 * this: it fires {@link SweepChunkFinished}, observed here.
 */
@ApplicationScoped
public class SweepMetrics {

    private static final Logger LOG = Logger.getLogger(SweepMetrics.class);

    @Inject
    MeterRegistry registry;

    @Inject
    SweepStore sweeps;

    private final Map<SweepStatus, Long> counts = new ConcurrentHashMap<>();
    private final AtomicLong pending = new AtomicLong();
    private Counter variantsSucceeded;
    private Counter variantsFailed;
    private Counter chunksDone;
    private Counter chunksFailed;
    private ScheduledExecutorService refresher;

    void start(@Observes StartupEvent e) {
        for (SweepStatus s : SweepStatus.values()) {
            counts.put(s, 0L);
            Gauge.builder("keel.sweeps", counts, m -> m.getOrDefault(s, 0L)).tag("status", s.name())
                    .description("sweeps per status, cluster-wide").register(registry);
        }
        Gauge.builder("keel.sweep.variants.pending", pending, AtomicLong::get)
                .description("valid variants of queued or running sweeps not finished yet, cluster-wide").register(registry);
        variantsSucceeded = Counter.builder("keel.sweep.variants.completed").tag("status", "SUCCEEDED")
                .description("sweep variants finished on this node").register(registry);
        variantsFailed = Counter.builder("keel.sweep.variants.completed").tag("status", "FAILED")
                .description("sweep variants finished on this node").register(registry);
        chunksDone = Counter.builder("keel.sweep.chunks.completed").tag("status", "DONE")
                .description("sweep chunks finished on this node").register(registry);
        chunksFailed = Counter.builder("keel.sweep.chunks.completed").tag("status", "FAILED")
                .description("sweep chunks finished on this node").register(registry);
        refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "keel-sweep-metrics-refresh");
            t.setDaemon(true);
            return t;
        });
        refresher.scheduleWithFixedDelay(this::refresh, 2, 10, TimeUnit.SECONDS);
    }

    void stop(@Observes ShutdownEvent e) {
        if (refresher != null) {
            refresher.shutdownNow();
        }
    }

    void chunkFinished(@Observes SweepChunkFinished c) {
        if (variantsSucceeded == null) {
            return;
        }
        variantsSucceeded.increment(c.succeeded());
        variantsFailed.increment(c.failed());
        (c.chunkFailed() ? chunksFailed : chunksDone).increment();
        Timer.builder("keel.sweep.chunk.duration").description("sweep chunk execution time: claim to stored rows")
                .register(registry).record(c.nanos(), TimeUnit.NANOSECONDS);
    }

    void refresh() {
        try {
            counts.putAll(QuarkusTransaction.requiringNew().call(sweeps::countByStatus));
            pending.set(QuarkusTransaction.requiringNew().call(sweeps::pendingVariants));
        } catch (RuntimeException ex) {
            LOG.debugf("sweep metrics refresh failed: %s", ex.toString());
        }
    }
}
