package io.keel.strategy.app.signals;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** Latest daily rebalance signals across definitions (per definition: /api/v1/definitions/{name}/signals). */
@Path("/api/v1/signals")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "signals")
public class SignalResource {

    @Inject
    SignalService service;

    /**
     * Runs the daily signal job now on this node, e.g. after a late market-data snapshot, instead of
     * waiting for its cron. Idempotent like the scheduled job: a definition that already has its signal
     * for the expected trading day is left unchanged.
     */
    @jakarta.ws.rs.POST
    @Path("/run")
    @jakarta.annotation.security.RolesAllowed(io.keel.common.security.Roles.OPERATOR)
    @Operation(summary = "Run the daily signal job now", description = "Synchronous; answers the job's outcome: "
            + "expected trading day, signals newly stored (emitted), definitions whose signal is STALE, unchanged and failed, "
            + "and one line per active definition with its signal's status and reason (or its error).")
    public SignalService.JobOutcome runNow() {
        // one at a time per node: the job runs a backtest per active definition on this request's thread
        if (!running.compareAndSet(false, true)) {
            throw new io.keel.common.ProblemException(io.keel.common.Problem.of(429, "Too many requests",
                    "the signal job is already running on this node; retry later"), 10);
        }
        try {
            // recorded first, in its own transaction: the job stores each definition's signal in a transaction of
            // its own, so the trail says who started it even if it is interrupted halfway
            io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().run(() -> audit.record("signals.run", null, null, null,
                    "expected " + service.expectedAsOf()));
            return service.runDaily(java.time.Instant.now());
        } finally {
            running.set(false);
        }
    }

    private final java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean();

    @Inject
    io.keel.strategy.app.audit.AuditLog audit;

    @GET
    @Path("/latest")
    @Operation(summary = "Latest signal of every active definition", description = "Each with status FRESH or STALE "
            + "judged now (dataAsOf, expectedAsOf, tradingDaysBehind, reason); a definition without a signal of its current "
            + "version gets one computed; one that cannot be computed (no data) is left out.")
    public List<SignalService.SignalView> latest() {
        return service.latestOfActive();
    }
}
