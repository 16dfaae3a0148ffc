package io.keel.report.strategy;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.URI;
import java.time.Duration;

/** The one {@link StrategyClient} of the service, configured from {@code keel.strategy.*}. */
@ApplicationScoped
public class StrategyClientProducer {

    @ConfigProperty(name = "keel.strategy.url")
    URI url;
    @ConfigProperty(name = "keel.strategy.connect-timeout", defaultValue = "PT2S")
    Duration connectTimeout;
    @ConfigProperty(name = "keel.strategy.request-timeout", defaultValue = "PT15S")
    Duration requestTimeout;
    @ConfigProperty(name = "keel.strategy.retries", defaultValue = "2")
    int retries;
    @ConfigProperty(name = "keel.strategy.retry-backoff", defaultValue = "PT0.2S")
    Duration retryBackoff;
    @ConfigProperty(name = "keel.strategy.retry-after-seconds", defaultValue = "30")
    int retryAfterSeconds;
    /** report-service's own key (viewer role) for strategy-service; empty when its reads are open. */
    @ConfigProperty(name = "keel.strategy.api-key")
    java.util.Optional<String> apiKey;

    @Produces
    @Singleton
    StrategyClient strategyClient() {
        return new StrategyClient(new StrategyClient.Settings(url, connectTimeout, requestTimeout, retries, retryBackoff,
                retryAfterSeconds, apiKey.orElse(null)));
    }
}
