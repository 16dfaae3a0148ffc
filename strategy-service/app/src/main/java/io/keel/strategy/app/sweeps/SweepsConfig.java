package io.keel.strategy.app.sweeps;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Sweeps' configuration, prefix {@code keel.sweeps}. */
@ConfigMapping(prefix = "keel.sweeps")
public interface SweepsConfig {

    /** Most variants (valid and invalid) a sweep may have; a request for more is answered 400 naming {@code axes}. */
    @WithDefault("100000")
    int maxVariants();

    /**
     * Variants per chunk (one Quartz job each). A chunk fetches its prices once and keeps its results in memory until
     * they are written in one batch: it bounds a node's memory per worker thread.
     */
    @WithDefault("500")
    int chunkSize();

    /** Most rows a JSON page of results may ask for ({@code limit}). */
    @WithDefault("10000")
    int maxPage();

    /**
     * Most variants with results an analysis compares: it holds each one's monthly moments in memory (about 7 KB for 16
     * years), so 20,000 variants take about 150 MB; a larger sweep's analysis is answered 409.
     */
    @WithDefault("20000")
    int analysisMaxVariants();

    /** How often a node looks for chunks left without a Quartz job (a Quarkus {@code every} period, or {@code off}). */
    @WithDefault("60s")
    String orphanCheck();
}
