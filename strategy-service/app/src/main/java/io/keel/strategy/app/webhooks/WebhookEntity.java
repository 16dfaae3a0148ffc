package io.keel.strategy.app.webhooks;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/** A portfolio's webhook ({@code strategy.portfolio_webhook}): URL and encrypted secret. */
@Entity
@Table(name = "portfolio_webhook")
public class WebhookEntity extends PanacheEntityBase {

    @Id
    @Column(name = "portfolio_id")
    public Long portfolioId;

    public String url;

    /** AES-256-GCM: nonce, ciphertext, tag ({@link SecretCipher}). */
    @Column(name = "secret_ciphertext")
    public byte[] secretCiphertext;

    @Column(name = "key_id")
    public String keyId;

    @Column(name = "created_at", updatable = false)
    public OffsetDateTime createdAt;

    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;
}
