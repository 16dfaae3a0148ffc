package io.keel.report.report;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** report-service's own settings ({@code keel.report.*}). */
@ConfigMapping(prefix = "keel.report")
public interface ReportConfig {

    /** Annual risk-free rate of Sharpe and Sortino when a request names none (fraction, e.g. 0.02). */
    @WithDefault("0")
    double riskFreeRate();

    /** Reports served at once; more wait up to {@link #queueWait()} for a slot. */
    @WithDefault("6")
    int maxConcurrent();

    /** How long a report request waits for a slot before it is answered 503. */
    @WithDefault("PT10S")
    Duration queueWait();

    /** The Retry-After (seconds) of that 503. */
    @WithDefault("2")
    int busyRetryAfterSeconds();

    Compare compare();

    Metrics metrics();

    Sweeps sweeps();

    /** Sweep pages. */
    interface Sweeps {
        /** Most result rows of one sweep a page reads from strategy-service (the heatmap's variants). */
        @WithDefault("100000")
        int maxResults();
    }

    Warmup warmup();

    /** The report paths warmed at start ({@link ReportWarmup}). */
    interface Warmup {
        /** Renders of the synthetic run before readiness is UP; 0 disables. */
        @WithDefault("3")
        int rounds();

        /** Whether the warm-up also asks this service for the latest run's series.csv over HTTP once it listens. */
        @WithDefault("true")
        boolean overHttp();
    }

    /** Comparisons of several runs. */
    interface Compare {
        /** Most runs in one comparison. */
        @WithDefault("12")
        int maxRuns();
    }

    /** The Prometheus strategy gauges. */
    interface Metrics {
        /** Refresh period ({@code off} disables). */
        @WithDefault("5m")
        String refresh();

        /** First refresh after start. */
        @WithDefault("30s")
        String initialDelay();

        /** Most definitions tracked. */
        @WithDefault("100")
        int maxDefinitions();
    }
}
