package io.keel.strategy.app.portfolios;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.ColumnTransformer;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/** One version of a portfolio's holdings ({@code strategy.portfolio_holdings}); versions are never changed. */
@Entity
@Table(name = "portfolio_holdings")
public class HoldingsEntity extends PanacheEntityBase {

    /** Where a holdings version comes from. */
    public static final String CREATED = "CREATED";
    public static final String REPLACED = "REPLACED";
    public static final String FILLS = "FILLS";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "portfolio_id")
    public long portfolioId;

    public int version;

    /** Currency; negative for a margin loan. */
    public BigDecimal cash;

    /** JSON object: shares by symbol. */
    @Column(columnDefinition = "jsonb")
    @ColumnTransformer(write = "?::jsonb")
    public String positions;

    public String source;

    public String principal;

    @Column(name = "created_at", updatable = false)
    public OffsetDateTime createdAt;

    public static Optional<HoldingsEntity> of(long portfolioId, int version) {
        return find("portfolioId = ?1 and version = ?2", portfolioId, version).firstResultOptional();
    }

    public static List<HoldingsEntity> history(long portfolioId) {
        return list("portfolioId = ?1 order by version desc", portfolioId);
    }
}
