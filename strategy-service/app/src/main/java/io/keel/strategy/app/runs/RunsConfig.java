package io.keel.strategy.app.runs;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Runs' configuration, prefix {@code keel.runs}. */
@ConfigMapping(prefix = "keel.runs")
public interface RunsConfig {

    /** Most unfinished (queued or running) runs in the cluster; a submission beyond it is answered 429. */
    @WithDefault("100")
    int maxUnfinished();

    /** The Retry-After (seconds) of a submission refused for that limit. */
    @WithDefault("5")
    int busyRetryAfterSeconds();

    /** Whether a submission checks that the definition's start is not after its data's last date. */
    @WithDefault("true")
    boolean checkStart();

    /** Whether a submission naming a snapshot id checks with market data that it exists and can be read. */
    @WithDefault("true")
    boolean checkSnapshot();

    /** How often a node looks for runs orphaned by a dead node (a Quarkus {@code every} period, or {@code off}; read by {@link OrphanRuns}'s annotation). */
    @WithDefault("60s")
    String orphanCheck();
}
