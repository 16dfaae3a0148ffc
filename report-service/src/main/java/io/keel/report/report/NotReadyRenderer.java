package io.keel.report.report;

import io.keel.report.report.PageView.Block;
import io.keel.report.strategy.StrategyRun;

import java.util.List;
import java.util.Locale;

/** The page of a run that has no report: queued or running (come back later), or failed (with the reason). */
final class NotReadyRenderer {

    private NotReadyRenderer() {
    }

    static String render(StrategyRun run) {
        String status = run.status() == null ? "" : run.status();
        Block block = "FAILED".equalsIgnoreCase(status)
                ? Block.status(status, "This run failed: it has no report", run.error())
                : Block.status(status, "This run is " + status.toLowerCase(Locale.ROOT) + ": its report exists once it has succeeded",
                "Submitted " + run.submittedAt() + (run.startedAt() == null ? "" : ", started " + run.startedAt())
                        + ". Reload this page later.");
        return new PageView("Keel · run " + run.id() + " · " + run.definition(), "Run " + run.id() + " · " + run.definition(),
                run.definition() + " v" + run.version() + " · " + status, List.of(), List.of(block), null, null, null,
                Html.INIT_INDEX).render();
    }
}
