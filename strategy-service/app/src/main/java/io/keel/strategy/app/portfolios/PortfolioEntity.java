package io.keel.strategy.app.portfolios;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;
import org.hibernate.annotations.ColumnTransformer;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/** A row of {@code strategy.portfolio}: a portfolio following a definition's signals, and how it trades. */
@Entity
@Table(name = "portfolio")
public class PortfolioEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String name;

    @Column(name = "definition_id")
    public long definitionId;

    public boolean fractional;

    /** Shares per lot of symbols without their own lot size. */
    @Column(name = "default_lot_size")
    public BigDecimal defaultLotSize;

    /** JSON object: shares per lot by symbol. */
    @Column(name = "lot_sizes", columnDefinition = "jsonb")
    @ColumnTransformer(write = "?::jsonb")
    public String lotSizes;

    /** Currency. */
    @Column(name = "min_trade_notional")
    public BigDecimal minTradeNotional;

    /** Fraction of net asset value. */
    public double band;

    /** Fraction (sum of |weight - target|), or null. */
    @Column(name = "total_drift_threshold")
    public Double totalDriftThreshold;

    @Column(name = "cost_bps")
    public double costBps;

    /** Currency. */
    @Column(name = "cost_min_per_order")
    public BigDecimal costMinPerOrder;

    @Column(name = "holdings_version")
    public int holdingsVersion;

    @Column(name = "created_at", updatable = false)
    public OffsetDateTime createdAt;

    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;

    @Column(name = "deleted_at")
    public OffsetDateTime deletedAt;

    /** A live portfolio by id. */
    public static Optional<PortfolioEntity> live(long id) {
        return find("id = ?1 and deletedAt is null", id).firstResultOptional();
    }

    /** A live portfolio by id, its row locked until the transaction ends (serialises writes to one portfolio). */
    public static Optional<PortfolioEntity> lockLive(long id) {
        return find("id = ?1 and deletedAt is null", id).withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }

    public static List<PortfolioEntity> following(long definitionId) {
        return list("definitionId = ?1 and deletedAt is null order by id", definitionId);
    }

    public static List<PortfolioEntity> allLive() {
        return list("deletedAt is null order by id");
    }

    public static boolean nameTaken(String name) {
        return count("name = ?1 and deletedAt is null", name) > 0;
    }

    /**
     * Takes the transaction's advisory lock on a portfolio name (released at commit or rollback): two
     * transactions creating the same name run one after the other, so the second sees the first's row and
     * answers 409 rather than failing on the unique index.
     */
    public static void lockName(String name) {
        getEntityManager().createNativeQuery("SELECT pg_advisory_xact_lock(hashtext('keel.portfolio.name'), hashtext(?1))")
                .setParameter(1, name).getSingleResult();
    }
}
