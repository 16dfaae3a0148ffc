package io.keel.strategy.app.runs;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.ColumnTransformer;
import org.hibernate.annotations.Generated;

import java.time.OffsetDateTime;

/**
 * A backtest run's metadata ({@code strategy.run}): what was asked for, its status, which node and
 * execution hold it, its outcome (summary and next-session decision as JSON text). The daily series stay
 * out of the entity ({@code run_series}, written and read as JSON text by {@link RunStore}).
 */
@Entity
@Table(name = "run")
public class RunEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "definition_id", updatable = false)
    public long definitionId;

    @Column(updatable = false)
    public int version;

    /** {@code latest} or a snapshot id, as submitted. */
    @Column(name = "snapshot_requested", updatable = false)
    public String snapshotRequested;

    /** The snapshot the run used; null until it finished. */
    @Column(name = "snapshot_id")
    public Long snapshotId;

    @Enumerated(EnumType.STRING)
    public RunStatus status;

    /** Set by the database on insert and read back (the submission answers it). */
    @Generated
    @Column(name = "submitted_at", insertable = false, updatable = false)
    public OffsetDateTime submittedAt;

    @Column(name = "started_at")
    public OffsetDateTime startedAt;

    @Column(name = "finished_at")
    public OffsetDateTime finishedAt;

    public String error;

    /** JSON: the engine's summary of a SUCCEEDED run. */
    @Column(columnDefinition = "jsonb")
    @ColumnTransformer(write = "?::jsonb")
    public String summary;

    /** JSON: the engine's decision at the last close for the next session. */
    @Column(name = "next_signal", columnDefinition = "jsonb")
    @ColumnTransformer(write = "?::jsonb")
    public String nextSignal;

    /**
     * What the run's reports compare it with unless a report names another ({@link io.keel.result.Benchmark#key()}):
     * the run request's benchmark, else its definition version's; null = none.
     */
    @Column(updatable = false)
    public String benchmark;

    /** The node executing (or that executed) the run. */
    public String node;

    /** How many executions claimed it (more than one after a recovery). */
    public int attempts;

    /** The claim token: the {@code run_execution} that may finish the run. */
    @Column(name = "execution_id")
    public Long executionId;
}
