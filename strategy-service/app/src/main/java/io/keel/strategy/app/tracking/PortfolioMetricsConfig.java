package io.keel.strategy.app.tracking;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The per-portfolio gauges' configuration, prefix {@code keel.metrics}. */
@ConfigMapping(prefix = "keel.metrics")
public interface PortfolioMetricsConfig {

    /**
     * Most portfolios exported with their own label (the most recently active ones); the rest are counted
     * in {@code unlabelled}, so that the number of series stays bounded.
     */
    @WithDefault("50")
    int maxPortfolios();
}
