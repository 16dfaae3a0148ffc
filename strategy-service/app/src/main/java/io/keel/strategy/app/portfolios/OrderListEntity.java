package io.keel.strategy.app.portfolios;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.ColumnTransformer;

import java.time.OffsetDateTime;
import java.util.Optional;

/** The order list of one signal for one portfolio ({@code strategy.order_list}), computed exactly once. */
@Entity
@Table(name = "order_list")
public class OrderListEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "portfolio_id")
    public long portfolioId;

    @Column(name = "signal_id")
    public long signalId;

    /** The holdings version the orders were computed from. */
    @Column(name = "holdings_version")
    public int holdingsVersion;

    /** JSON: the plan's positions, totals and notes (see {@link OrderService.PlanJson}). */
    @Column(columnDefinition = "jsonb")
    @ColumnTransformer(write = "?::jsonb")
    public String plan;

    /** The strategy-service node that computed it. */
    public String node;

    @Column(name = "created_at", updatable = false)
    public OffsetDateTime createdAt;

    public static Optional<OrderListEntity> of(long portfolioId, long signalId) {
        return find("portfolioId = ?1 and signalId = ?2", portfolioId, signalId).firstResultOptional();
    }
}
