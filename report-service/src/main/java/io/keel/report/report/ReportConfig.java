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

    /**
     * How long a report request may wait for a slot before it is answered 503, counted from the request's arrival at the
     * HTTP layer (so time spent queued for a worker thread counts too).
     */
    @WithDefault("PT10S")
    Duration queueWait();

    /**
     * Reads of stored reports ({@code report.report_cache}, megabytes each) at once; they wait for these, not for a
     * render slot, under the same {@link #queueWait()} and {@link #maxQueued()}.
     */
    @WithDefault("4")
    int maxConcurrentStoredReads();

    /** Most requests waiting for a slot at once; one more is answered 503 at once instead of joining the queue. */
    @WithDefault("24")
    int maxQueued();

    /**
     * Most bytes of distinct report bodies being written at once ({@link AnswerBytes}); an answer waits for room, then
     * is 503 with Retry-After.
     */
    @WithDefault("48M")
    io.quarkus.runtime.configuration.MemorySize answerBytesInFlight();

    /** Rendered reports kept in memory in front of {@code report.report_cache} ({@link ReportMemoryCache}). */
    MemoryCache memoryCache();

    /** Bounds of {@link ReportMemoryCache}. */
    interface MemoryCache {
        /** Most bytes of report bodies held (plus a small overhead per entry); 0 turns the memory tier off. */
        @WithDefault("64M")
        io.quarkus.runtime.configuration.MemorySize maxBytes();

        /** Largest single report kept in memory. */
        @WithDefault("8M")
        io.quarkus.runtime.configuration.MemorySize maxEntryBytes();
    }

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

        /** How many times the warm-up asks for the latest run's three reports over HTTP (the first renders them). */
        @WithDefault("1")
        int httpRounds();
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
