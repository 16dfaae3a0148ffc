package io.keel.strategy.app.signals;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.ColumnTransformer;

import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * One stored signal ({@code strategy.signal}): the engine's decision at the close of {@code asOf} for one
 * definition version, never rewritten (orders refer to it). Rows are inserted only by
 * {@link SignalStore#insert}'s single statement (once per definition, version and close); the entity reads them.
 */
@Entity
@Table(name = "signal")
public class SignalEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "definition_id")
    public long definitionId;

    public int version;

    /** The close the decision was taken at (the data's last day). */
    @Column(name = "as_of_date")
    public LocalDate asOf;

    @Column(name = "next_session")
    public LocalDate nextSession;

    /** EMITTED for every row since V7 (FRESH/STALE is judged when served). */
    public String status;

    public Boolean rebalance;

    /** JSON: target weights by symbol, fractions of equity. */
    @Column(columnDefinition = "jsonb")
    @ColumnTransformer(write = "?::jsonb")
    public String weights;

    public Double leverage;

    /** JSON: the overlays' diagnostics. */
    @Column(columnDefinition = "jsonb")
    @ColumnTransformer(write = "?::jsonb")
    public String diagnostics;

    @Column(name = "snapshot_id")
    public Long snapshotId;

    @Column(name = "data_as_of")
    public LocalDate dataAsOf;

    @Column(name = "expected_as_of")
    public LocalDate expectedAsOf;

    public String reason;

    @Column(name = "job_run_id")
    public Long jobRunId;

    /** JSON: the close of every symbol of the universe on {@code asOf}, from the signal's snapshot. */
    @Column(columnDefinition = "jsonb")
    @ColumnTransformer(write = "?::jsonb")
    public String prices;

    /** Set by the database on insert. */
    @Column(name = "created_at", insertable = false, updatable = false)
    public OffsetDateTime createdAt;
}
