package io.keel.strategy.app.webhooks;

import io.agroal.api.AgroalDataSource;
import io.keel.strategy.app.portfolios.OrderListCreated;
import io.keel.strategy.app.runs.RunExecutor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends the outbox's due events, on every node. A node claims a batch with one {@code UPDATE ... WHERE id IN (SELECT
 * ... FOR UPDATE SKIP LOCKED)} that sets a lease ({@code claimed_until} = now + timeout + 30 s): nodes polling at the
 * same moment take disjoint events, so each attempt is made by one node. An attempt is a POST of the stored body
 * with {@code X-Keel-Event-Id} (the same on every attempt), {@code X-Keel-Signature} (HMAC-SHA256 of the body under
 * the portfolio's secret) and {@code X-Keel-Delivery-Attempt}; a 2xx answer delivers the event, anything else
 * (another status, no answer within {@code keel.webhooks.timeout}, a connection error) schedules the next attempt
 * after {@code initial-backoff x 2^(failures-1)}, at most {@code max-backoff}, until {@code max-attempts} (then
 * FAILED). A node dying mid-attempt leaves its lease to run out; another node then retries with the same event id:
 * delivery is at least once, and duplicates are only retries a receiver recognises by the id.
 *
 * <p>Metrics: {@code keel_webhook_attempts_total{outcome}} (this node's attempts: DELIVERED, REJECTED, TIMEOUT,
 * ERROR) and {@code keel_webhook_attempt_duration_seconds}.
 */
@ApplicationScoped
public class WebhookDispatcher {

    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);
    private static final Duration LEASE_MARGIN = Duration.ofSeconds(30);

    @Inject
    WebhookConfig config;

    @Inject
    WebhookService service;

    @Inject
    AgroalDataSource ds;

    @Inject
    RunExecutor executor;

    @Inject
    MeterRegistry registry;

    private ScheduledExecutorService poller;
    private ExecutorService senders;
    private HttpClient http;
    private final AtomicBoolean polling = new AtomicBoolean();

    /** One claimed event. */
    record Claimed(long id, UUID eventId, long portfolioId, String type, String url, String body, int attempt) {
    }

    void start(@Observes StartupEvent e) {
        service.cipher(); // an invalid keel.webhooks.secret-key stops the service here, not at the first webhook
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(config.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        senders = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "keel-webhook-sender");
            t.setDaemon(true);
            return t;
        });
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "keel-webhook-poller");
            t.setDaemon(true);
            return t;
        });
        for (String o : List.of(WebhookAttemptEntity.DELIVERED, WebhookAttemptEntity.REJECTED, WebhookAttemptEntity.TIMEOUT,
                WebhookAttemptEntity.ERROR)) {
            attempts(o);
        }
        long ms = config.pollInterval().toMillis();
        poller.scheduleWithFixedDelay(this::poll, ms, ms, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent e) {
        if (poller != null) {
            poller.shutdownNow();
            senders.shutdownNow();
        }
    }

    /** An event was written: look for due events as soon as its transaction has committed. */
    void wake(@Observes(during = TransactionPhase.AFTER_SUCCESS) OrderListCreated e) {
        if (poller != null && !poller.isShutdown()) {
            poller.execute(this::poll);
        }
    }

    /** Claims due events and sends them until none is due (runs on the poller thread only). */
    void poll() {
        if (!polling.compareAndSet(false, true)) {
            return;
        }
        try {
            while (true) {
                List<Claimed> batch = claim(executor.node(), config.batchSize());
                if (batch.isEmpty()) {
                    return;
                }
                List<Future<?>> running = new ArrayList<>();
                for (Claimed c : batch) {
                    running.add(senders.submit(() -> attempt(c)));
                }
                for (Future<?> f : running) {
                    f.get();
                }
            }
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        } catch (Exception ex) {
            LOG.debugf("webhook poll failed: %s", ex.toString());
        } finally {
            polling.set(false);
        }
    }

    /**
     * Claims up to {@code limit} due PENDING events for {@code node}: those whose next attempt is due and whose lease
     * (if any) has run out, skipping rows another node is claiming at this moment.
     */
    List<Claimed> claim(String node, int limit) throws SQLException {
        Duration lease = config.timeout().plus(LEASE_MARGIN);
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE webhook_event e SET claimed_by = ?, claimed_until = now() + make_interval(secs => ?) "
                        + "WHERE e.id IN (SELECT id FROM webhook_event WHERE status = 'PENDING' AND next_attempt_at <= now() "
                        + "AND (claimed_until IS NULL OR claimed_until < now()) ORDER BY next_attempt_at, id LIMIT ? "
                        + "FOR UPDATE SKIP LOCKED) "
                        + "RETURNING e.id, e.event_id, e.portfolio_id, e.event_type, e.url, e.body, e.attempts")) {
            ps.setString(1, node);
            ps.setDouble(2, lease.toMillis() / 1000.0);
            ps.setInt(3, limit);
            List<Claimed> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Claimed(rs.getLong(1), (UUID) rs.getObject(2), rs.getLong(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getInt(7) + 1));
                }
            }
            return out;
        }
    }

    /** One attempt of a claimed event, and its outcome recorded. */
    void attempt(Claimed c) {
        String node = executor.node();
        Instant start = Instant.now();
        String outcome;
        Integer status = null;
        String error = null;
        try {
            String secret = secret(c.portfolioId());
            byte[] body = c.body().getBytes(StandardCharsets.UTF_8);
            HttpRequest req = HttpRequest.newBuilder(URI.create(c.url())).timeout(config.timeout())
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "keel-strategy-service")
                    .header(WebhookSignature.EVENT_ID_HEADER, c.eventId().toString())
                    .header(WebhookSignature.EVENT_TYPE_HEADER, c.type())
                    .header(WebhookSignature.ATTEMPT_HEADER, Integer.toString(c.attempt()))
                    .header(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(secret, body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            HttpResponse<Void> r = http.send(req, HttpResponse.BodyHandlers.discarding());
            status = r.statusCode();
            if (status >= 200 && status < 300) {
                outcome = WebhookAttemptEntity.DELIVERED;
            } else {
                outcome = WebhookAttemptEntity.REJECTED;
                error = "answered HTTP " + status;
            }
        } catch (HttpTimeoutException ex) {
            outcome = WebhookAttemptEntity.TIMEOUT;
            error = "no answer within " + config.timeout().toMillis() + " ms";
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return; // shutting down: the lease runs out and another node (or this one, restarted) retries
        } catch (ConnectException ex) {
            outcome = WebhookAttemptEntity.ERROR;
            error = "connection failed: " + (ex.getMessage() == null ? "refused" : ex.getMessage());
        } catch (Exception ex) {
            outcome = WebhookAttemptEntity.ERROR;
            error = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        }
        long ms = Duration.between(start, Instant.now()).toMillis();
        attempts(outcome).increment();
        Timer.builder("keel.webhook.attempt.duration").description("webhook delivery attempts, request to answer or timeout")
                .register(registry).record(Duration.ofMillis(ms));
        try {
            record(c, node, start, ms, outcome, status, error);
        } catch (SQLException | RuntimeException ex) {
            LOG.warnf("webhook event %s: attempt %d (%s) could not be recorded: %s; it is retried when its lease runs out",
                    c.eventId(), c.attempt(), outcome, ex.getMessage());
        }
    }

    private String secret(long portfolioId) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT secret_ciphertext, key_id FROM portfolio_webhook WHERE portfolio_id = ?")) {
            ps.setLong(1, portfolioId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("the portfolio's webhook was removed: no secret to sign with");
                }
                SecretCipher cipher = service.cipher().orElseThrow(() -> new IllegalStateException(
                        "keel.webhooks.secret-key is not set on node " + executor.node() + ": the secret cannot be decrypted"));
                if (!cipher.keyId().equals(rs.getString(2))) {
                    throw new IllegalStateException("the secret was encrypted with key " + rs.getString(2) + ", the configured key is "
                            + cipher.keyId() + ": set the webhook again");
                }
                return cipher.decrypt(rs.getBytes(1), portfolioId);
            }
        }
    }

    /** Stores the attempt and the event's new state, if this node still holds the claim. */
    private void record(Claimed c, String node, Instant start, long ms, String outcome, Integer status, String error) throws SQLException {
        boolean delivered = WebhookAttemptEntity.DELIVERED.equals(outcome);
        boolean givenUp = !delivered && c.attempt() >= config.maxAttempts();
        Duration backoff = backoff(c.attempt());
        String err = error == null ? null : error.length() > 500 ? error.substring(0, 500) : error;
        boolean mine = io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> {
            try (Connection conn = ds.getConnection()) {
                int updated;
                try (PreparedStatement ps = conn.prepareStatement("UPDATE webhook_event SET attempts = ?, status = ?, "
                        + "next_attempt_at = CASE WHEN ? THEN now() + make_interval(secs => ?) ELSE next_attempt_at END, "
                        + "delivered_at = CASE WHEN ? THEN now() ELSE delivered_at END, "
                        + "first_failure_at = CASE WHEN ? THEN first_failure_at ELSE coalesce(first_failure_at, ?) END, "
                        + "last_error = ?, claimed_by = NULL, claimed_until = NULL "
                        + "WHERE id = ? AND claimed_by = ? AND attempts = ? AND status = 'PENDING'")) {
                    ps.setInt(1, c.attempt());
                    ps.setString(2, delivered ? WebhookEventEntity.DELIVERED : givenUp ? WebhookEventEntity.FAILED : WebhookEventEntity.PENDING);
                    ps.setBoolean(3, !delivered && !givenUp);
                    ps.setDouble(4, backoff.toMillis() / 1000.0);
                    ps.setBoolean(5, delivered);
                    ps.setBoolean(6, delivered);
                    ps.setTimestamp(7, Timestamp.from(start));
                    ps.setString(8, delivered ? null : err);
                    ps.setLong(9, c.id());
                    ps.setString(10, node);
                    ps.setInt(11, c.attempt() - 1);
                    updated = ps.executeUpdate();
                }
                if (updated == 1) {
                    try (PreparedStatement ps = conn.prepareStatement("INSERT INTO webhook_attempt (event_id, attempt, node, started_at, "
                            + "duration_ms, outcome, http_status, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                        ps.setLong(1, c.id());
                        ps.setInt(2, c.attempt());
                        ps.setString(3, node);
                        ps.setTimestamp(4, Timestamp.from(start));
                        ps.setLong(5, ms);
                        ps.setString(6, outcome);
                        ps.setObject(7, status);
                        ps.setString(8, err);
                        ps.executeUpdate();
                    }
                }
                return updated == 1;
            }
        });
        if (!mine) {
            LOG.warnf("webhook event %s: attempt %d finished after this node's lease ran out; another node owns it", c.eventId(), c.attempt());
            return;
        }
        if (delivered) {
            LOG.infof("webhook event %s delivered to portfolio %d's receiver (attempt %d, HTTP %d, %d ms)", c.eventId(), c.portfolioId(),
                    c.attempt(), status, ms);
        } else {
            LOG.warnf("webhook event %s: attempt %d %s (%s)%s", c.eventId(), c.attempt(), outcome, error,
                    givenUp ? "; given up after " + c.attempt() + " attempts" : "; next in " + backoff.toMillis() + " ms");
        }
    }

    /** Delay after the {@code failures}-th failed attempt: initial x 2^(failures-1), at most max-backoff. */
    Duration backoff(int failures) {
        long initial = config.initialBackoff().toMillis();
        long max = config.maxBackoff().toMillis();
        int shift = Math.min(Math.max(failures - 1, 0), 40);
        long d = initial > max >> shift ? max : initial << shift;
        return Duration.ofMillis(Math.min(d, max));
    }

    private Counter attempts(String outcome) {
        return Counter.builder("keel.webhook.attempts").tag("outcome", outcome)
                .description("webhook delivery attempts made by this node, by outcome").register(registry);
    }
}
