package io.keel.report.report;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Lets tests outside the package run {@link ReportWarmup}'s rounds. */
@ApplicationScoped
public class ReportWarmupAccess {

    @Inject
    @org.eclipse.microprofile.health.Readiness
    ReportWarmup warmup;

    public void warm(int rounds) {
        warmup.warm(rounds);
    }
}
