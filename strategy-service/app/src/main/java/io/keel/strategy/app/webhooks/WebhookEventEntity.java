package io.keel.strategy.app.webhooks;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** One event of the outbox ({@code strategy.webhook_event}): the exact body sent on every attempt. */
@Entity
@Table(name = "webhook_event")
public class WebhookEventEntity extends PanacheEntityBase {

    public static final String PENDING = "PENDING";
    public static final String DELIVERED = "DELIVERED";
    public static final String FAILED = "FAILED";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "event_id")
    public UUID eventId;

    @Column(name = "portfolio_id")
    public long portfolioId;

    @Column(name = "order_list_id")
    public long orderListId;

    @Column(name = "event_type")
    public String eventType;

    public String url;

    public String body;

    public String status;

    public int attempts;

    @Column(name = "next_attempt_at")
    public OffsetDateTime nextAttemptAt;

    @Column(name = "claimed_by")
    public String claimedBy;

    @Column(name = "claimed_until")
    public OffsetDateTime claimedUntil;

    @Column(name = "first_failure_at")
    public OffsetDateTime firstFailureAt;

    @Column(name = "delivered_at")
    public OffsetDateTime deliveredAt;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "created_at", updatable = false)
    public OffsetDateTime createdAt;

    public static List<WebhookEventEntity> latest(long portfolioId, int limit) {
        return find("portfolioId = ?1 order by id desc", portfolioId).page(0, limit).list();
    }
}
