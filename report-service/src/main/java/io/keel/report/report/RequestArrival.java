package io.keel.report.report;

import io.smallrye.common.vertx.ContextLocals;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * When each HTTP request arrived: recorded by the first route handler, on the event loop, in the request's Vert.x
 * duplicated context, so that a report's wait for a slot ({@link ReportSlots}) counts the time the request spent queued
 * for a worker thread before its resource method ran.
 */
@ApplicationScoped
public class RequestArrival {

    static final String KEY = "keel.report.arrived-nanos";

    void install(@Observes Router router) {
        router.route().order(-4).handler(ctx -> {
            if (VertxContext.isOnDuplicatedContext()) {
                ContextLocals.put(KEY, System.nanoTime());
            }
            ctx.next();
        });
    }

    /** {@link System#nanoTime()} at the current request's arrival; now when there is no request (e.g. at start-up). */
    public static long nanos() {
        if (VertxContext.isOnDuplicatedContext()) {
            Long arrived = ContextLocals.<Long>get(KEY).orElse(null);
            if (arrived != null) {
                return arrived;
            }
        }
        return System.nanoTime();
    }
}
