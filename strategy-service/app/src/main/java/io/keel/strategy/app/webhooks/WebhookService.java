package io.keel.strategy.app.webhooks;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.keel.common.Problem;
import io.keel.common.ProblemException;
import io.keel.strategy.app.audit.AuditLog;
import io.keel.strategy.app.portfolios.OrderListCreated;
import io.keel.strategy.app.portfolios.OrderService;
import io.keel.strategy.app.portfolios.PortfolioDefinitions;
import io.keel.strategy.app.portfolios.PortfolioEntity;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Portfolios' webhooks: setting, reading (never the secret) and removing them, writing an outbox event for each new
 * order list of a portfolio that has one (in the order list's own transaction), and the history of deliveries.
 * {@link WebhookDispatcher} sends the events.
 */
@ApplicationScoped
public class WebhookService {

    private static final Logger LOG = Logger.getLogger(WebhookService.class);

    /** The event type of a new signal's order list. */
    public static final String ORDERS_CREATED = "orders.created";

    /**
     * A portfolio's webhook as served: the secret is never part of it.
     *
     * @param secretKeyId which configured key encrypts the secret (first 8 bytes of its SHA-256, hex)
     */
    public record WebhookView(long portfolioId, String url, boolean secretSet, String secretKeyId, String signatureHeader,
                              String eventIdHeader, OffsetDateTime createdAt, OffsetDateTime updatedAt) {
    }

    /** One attempt of a delivery; {@code durationMs} milliseconds; {@code httpStatus} null when nothing was answered. */
    public record AttemptView(int attempt, String node, OffsetDateTime startedAt, long durationMs, String outcome, Integer httpStatus,
                              String error) {
    }

    /**
     * One event and its attempts.
     *
     * @param status        PENDING (to be sent or retried at nextAttemptAt), DELIVERED, or FAILED (given up)
     * @param nextAttemptAt when a PENDING event is tried next
     */
    public record DeliveryView(String eventId, String type, long orderListId, String url, String status, int attempts,
                               OffsetDateTime createdAt, OffsetDateTime nextAttemptAt, OffsetDateTime deliveredAt, String lastError,
                               List<AttemptView> attemptLog) {
    }

    @Inject
    WebhookConfig config;

    @Inject
    OrderService orders;

    @Inject
    PortfolioDefinitions definitions;

    @Inject
    AuditLog audit;

    @Inject
    ObjectMapper mapper;

    private volatile SecretCipher cipher;

    /** The configured cipher, or empty when keel.webhooks.secret-key is unset. */
    Optional<SecretCipher> cipher() {
        if (cipher == null && config.secretKey().filter(k -> !k.isBlank()).isPresent()) {
            cipher = SecretCipher.of(config.secretKey().get());
        }
        return Optional.ofNullable(cipher);
    }

    /** Sets (or replaces) the portfolio's webhook; the secret is stored encrypted and audited as "set", never shown. */
    public WebhookView set(long portfolioId, WebhookInput in) {
        SecretCipher c = cipher().orElseThrow(() -> new ProblemException(new Problem("https://keel.dev/problems/webhooks-disabled",
                "Webhooks not configured", 409, "webhooks need an encryption key for their secrets: set KEEL_WEBHOOK_KEY "
                + "(keel.webhooks.secret-key, 32 random bytes in base64) on every strategy-service node", List.of())));
        return QuarkusTransaction.requiringNew().call(() -> {
            PortfolioEntity p = PortfolioEntity.lockLive(portfolioId).orElseThrow(() -> notFound(portfolioId));
            WebhookEntity w = WebhookEntity.findById(p.id);
            boolean replaced = w != null;
            if (w == null) {
                w = new WebhookEntity();
                w.portfolioId = p.id;
                w.createdAt = OffsetDateTime.now();
            }
            w.url = in.url();
            w.secretCiphertext = c.encrypt(in.secret(), p.id);
            w.keyId = c.keyId();
            w.updatedAt = OffsetDateTime.now();
            w.persist();
            audit.recordPortfolio(replaced ? "portfolio.webhook.replaced" : "portfolio.webhook.set", p.name, definitionName(p),
                    "url " + in.url() + " (secret set, not recorded)");
            return view(w);
        });
    }

    public WebhookView get(long portfolioId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            PortfolioEntity p = PortfolioEntity.live(portfolioId).orElseThrow(() -> notFound(portfolioId));
            WebhookEntity w = WebhookEntity.findById(p.id);
            if (w == null) {
                throw ProblemException.notFound("portfolio '" + p.name + "' has no webhook");
            }
            return view(w);
        });
    }

    /** Removes the webhook; events already written are still delivered (to the URL they were written for). */
    public void delete(long portfolioId) {
        QuarkusTransaction.requiringNew().run(() -> {
            PortfolioEntity p = PortfolioEntity.lockLive(portfolioId).orElseThrow(() -> notFound(portfolioId));
            WebhookEntity w = WebhookEntity.findById(p.id);
            if (w == null) {
                throw ProblemException.notFound("portfolio '" + p.name + "' has no webhook");
            }
            w.delete();
            audit.recordPortfolio("portfolio.webhook.removed", p.name, definitionName(p), "url " + w.url);
        });
    }

    /** The portfolio's latest events, newest first, each with its attempts. */
    public List<DeliveryView> deliveries(long portfolioId, int limit) {
        return QuarkusTransaction.requiringNew().call(() -> {
            PortfolioEntity p = PortfolioEntity.live(portfolioId).orElseThrow(() -> notFound(portfolioId));
            return WebhookEventEntity.latest(p.id, limit).stream().map(e -> new DeliveryView(e.eventId.toString(), e.eventType,
                    e.orderListId, e.url, e.status, e.attempts, e.createdAt, WebhookEventEntity.PENDING.equals(e.status) ? e.nextAttemptAt : null,
                    e.deliveredAt, e.lastError, WebhookAttemptEntity.of(e.id).stream().map(a -> new AttemptView(a.attempt, a.node,
                    a.startedAt, a.durationMs, a.outcome, a.httpStatus, a.error)).toList())).toList();
        });
    }

    /**
     * Writes the outbox event of a new order list when its portfolio has a webhook. Runs inside the transaction
     * storing the order list (a synchronous observer), so the event exists exactly when the orders do; {@link WebhookDispatcher}
     * is woken once that transaction has committed.
     */
    void orderListCreated(@Observes OrderListCreated e) {
        WebhookEntity w = WebhookEntity.findById(e.portfolioId());
        if (w == null) {
            return;
        }
        PortfolioEntity p = PortfolioEntity.findById(e.portfolioId());
        UUID id = UUID.randomUUID();
        OffsetDateTime now = OffsetDateTime.now();
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("eventId", id.toString());
        body.put("type", ORDERS_CREATED);
        body.put("createdAt", now.toString());
        body.put("portfolio", Map.of("id", p.id, "name", p.name));
        body.put("orderList", orders.describe(e.orderListId(), e.signal()));
        WebhookEventEntity ev = new WebhookEventEntity();
        ev.eventId = id;
        ev.portfolioId = p.id;
        ev.orderListId = e.orderListId();
        ev.eventType = ORDERS_CREATED;
        ev.url = w.url;
        ev.body = json(body);
        ev.status = WebhookEventEntity.PENDING;
        ev.nextAttemptAt = now;
        ev.createdAt = now;
        ev.persist();
        LOG.infof("portfolio %s: webhook event %s queued for order list %d", p.name, id, e.orderListId());
    }

    private WebhookView view(WebhookEntity w) {
        return new WebhookView(w.portfolioId, w.url, w.secretCiphertext != null, w.keyId, WebhookSignature.SIGNATURE_HEADER,
                WebhookSignature.EVENT_ID_HEADER, w.createdAt, w.updatedAt);
    }

    private String definitionName(PortfolioEntity p) {
        return definitions.liveName(p.definitionId).orElse("(deleted definition " + p.definitionId + ")");
    }

    private static ProblemException notFound(long id) {
        return ProblemException.notFound("no portfolio with id " + id);
    }

    private String json(Object o) {
        try {
            return mapper.writeValueAsString(o);
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
