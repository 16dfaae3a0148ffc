package io.keel.report.support;

import io.keel.report.report.RequestArrival;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;

/**
 * Test only: {@code /_test/arrival} answers how many milliseconds ago its request arrived as {@link RequestArrival}
 * sees it from the resource's worker thread; a request carrying {@code X-Test-Delay-Ms} is held that long (without
 * blocking the event loop) after its arrival was recorded, as if it had queued for a worker thread.
 */
@Path("/_test/arrival")
public class ArrivalProbe {

    @GET
    @Produces("text/plain")
    public String sinceArrival() {
        return Long.toString((System.nanoTime() - RequestArrival.nanos()) / 1_000_000);
    }

    @ApplicationScoped
    public static class Delay {
        void install(@Observes Router router, io.vertx.core.Vertx vertx) {
            router.route().order(-2).handler(ctx -> {
                String delay = ctx.request().getHeader("X-Test-Delay-Ms");
                if (delay == null) {
                    ctx.next();
                } else {
                    vertx.setTimer(Long.parseLong(delay), t -> ctx.next());
                }
            });
        }
    }
}
