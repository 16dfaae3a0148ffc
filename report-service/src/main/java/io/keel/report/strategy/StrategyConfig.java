package io.keel.report.strategy;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/**
 * Where and how report-service reads strategy-service ({@code keel.strategy.*}). Timeouts of the HTTP calls are the
 * REST client's ({@code quarkus.rest-client.strategy.*}); retries are {@link StrategyClient}'s {@code @Retry}.
 */
@ConfigMapping(prefix = "keel.strategy")
public interface StrategyConfig {

    /** Base URL of strategy-service (also the REST client's {@code quarkus.rest-client.strategy.url}). */
    String url();

    /** report-service's own key (viewer role) sent as {@code X-API-Key}; empty when strategy-service's reads are open. */
    Optional<String> apiKey();

    /** The Retry-After (seconds) of the 503 answered while strategy-service cannot be reached. */
    @WithDefault("30")
    int retryAfterSeconds();
}
