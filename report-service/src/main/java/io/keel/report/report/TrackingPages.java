package io.keel.report.report;

import io.keel.common.ProblemException;
import io.keel.report.strategy.StrategyClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Tracking pages of portfolios, read from strategy-service on every request (never cached: the days change with each
 * snapshot and fill). An unknown portfolio is a 404 problem and an unreachable strategy-service a 503 problem, as for
 * the run reports; a portfolio with nothing to track yet gets a page saying so ({@link #notYet}).
 */
@ApplicationScoped
public class TrackingPages {

    @Inject
    StrategyClient strategy;

    @Inject
    ReportService reports;

    /** The tracking page of portfolio {@code id}. */
    public Rendered tracking(long id) {
        String html = TrackingRenderer.render(strategy.tracking(id), reports.echartsPath());
        return new Rendered(html.getBytes(StandardCharsets.UTF_8), ReportService.HTML, "bypass", "portfolio-" + id + "-tracking.html");
    }

    /** The page of a portfolio strategy-service has nothing to track for yet (409: no orders). */
    public byte[] notYet(long id, ProblemException e) {
        return new PageView("Keel · tracking · portfolio " + id, "Tracking · portfolio " + id, "nothing to track yet", List.of(),
                List.of(PageView.Block.status("NOT_TRACKED", "Nothing to track yet", "Tracking starts at the close of the first "
                        + "signal this portfolio got orders for. " + e.problem().detail())),
                null, null, null, Html.INIT_INDEX).render().getBytes(StandardCharsets.UTF_8);
    }
}
