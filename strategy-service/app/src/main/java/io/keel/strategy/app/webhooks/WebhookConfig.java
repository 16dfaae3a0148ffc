package io.keel.strategy.app.webhooks;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** Webhook delivery settings ({@code keel.webhooks.*}). */
@ConfigMapping(prefix = "keel.webhooks")
public interface WebhookConfig {

    /**
     * The AES-256 key (base64 of 32 bytes) the portfolios' webhook secrets are encrypted with. Unset: webhooks
     * cannot be configured (setting one is answered 409 saying so); events already queued are not sent.
     */
    Optional<String> secretKey();

    /** How often each node looks for due events (also woken at once when an event is written on it). */
    @WithDefault("1s")
    Duration pollInterval();

    /** Connect + response time allowed to the receiver before an attempt counts as a TIMEOUT. */
    @WithDefault("10s")
    Duration timeout();

    /** Delay before the 2nd attempt; doubled after each failure up to {@link #maxBackoff()}. */
    @WithDefault("10s")
    Duration initialBackoff();

    @WithDefault("1h")
    Duration maxBackoff();

    /** Attempts before an event is given up (FAILED); 20 with the defaults is about 15 hours of retries. */
    @WithDefault("20")
    int maxAttempts();

    /** Events claimed per poll by a node. */
    @WithDefault("10")
    int batchSize();
}
