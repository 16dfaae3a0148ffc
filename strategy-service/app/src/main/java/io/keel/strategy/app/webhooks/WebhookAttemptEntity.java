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

/** One delivery attempt of an event ({@code strategy.webhook_attempt}). */
@Entity
@Table(name = "webhook_attempt")
public class WebhookAttemptEntity extends PanacheEntityBase {

    public static final String DELIVERED = "DELIVERED";
    /** The receiver answered, but not 2xx. */
    public static final String REJECTED = "REJECTED";
    /** No answer within keel.webhooks.timeout. */
    public static final String TIMEOUT = "TIMEOUT";
    /** Connection refused, reset, unknown host, ... */
    public static final String ERROR = "ERROR";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "event_id")
    public long eventId;

    public int attempt;

    public String node;

    @Column(name = "started_at")
    public OffsetDateTime startedAt;

    @Column(name = "duration_ms")
    public long durationMs;

    public String outcome;

    @Column(name = "http_status")
    public Integer httpStatus;

    public String error;

    public static List<WebhookAttemptEntity> of(long eventId) {
        return find("eventId = ?1 order by attempt", eventId).list();
    }
}
