package io.keel.strategy.app.portfolios;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Optional;

/** An execution of an order ({@code strategy.fill}), recorded once per caller-given fill id. */
@Entity
@Table(name = "fill")
public class FillEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "portfolio_id")
    public long portfolioId;

    @Column(name = "fill_id")
    public String fillId;

    @Column(name = "order_id")
    public long orderId;

    /** Shares. */
    public BigDecimal quantity;

    /** Currency per share. */
    public BigDecimal price;

    /** Currency. */
    public BigDecimal fee;

    @Column(name = "executed_at")
    public OffsetDateTime executedAt;

    /** The holdings version this fill's batch created. */
    @Column(name = "holdings_version")
    public int holdingsVersion;

    public static Optional<FillEntity> of(long portfolioId, String fillId) {
        return find("portfolioId = ?1 and fillId = ?2", portfolioId, fillId).firstResultOptional();
    }
}
