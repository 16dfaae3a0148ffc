package io.keel.strategy.app.tracking;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** Portfolio tracking's configuration, prefix {@code keel.tracking}. */
@ConfigMapping(prefix = "keel.tracking")
public interface TrackingConfig {

    /**
     * How often each node refreshes every portfolio's tracking (paper fills, daily equity, the shadow
     * backtest): a duration such as {@code 5m}, or {@code off}.
     */
    @WithDefault("5m")
    String refresh();

    /** The thresholds the alert rules compare with, exported as gauges so that Grafana and the rules agree. */
    Alert alert();

    interface Alert {

        /** Annualised tracking error (a fraction: 0.05 is 5%) above which a portfolio alerts. */
        @WithName("tracking-error")
        @WithDefault("0.05")
        double trackingError();

        /** Calendar days an order list may stay unfilled before a portfolio alerts. */
        @WithName("unfilled-days")
        @WithDefault("3")
        double unfilledDays();
    }
}
