package io.keel.strategy.app.sweeps;

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
 * A sweep's header ({@code strategy.sweep}): the base definition and the axes as accepted, the pinned snapshot, the
 * counts decided at submission and the state. Progress is summed from its chunks ({@link SweepChunkEntity}).
 */
@Entity
@Table(name = "sweep")
public class SweepEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    /** The stored definition of the base; null for an inline base. */
    @Column(name = "definition_id", updatable = false)
    public Long definitionId;

    @Column(updatable = false)
    public Integer version;

    @Column(name = "base_name", updatable = false)
    public String baseName;

    /** JSON: the base document. */
    @Column(name = "base_definition", columnDefinition = "jsonb", updatable = false)
    @ColumnTransformer(write = "?::jsonb")
    public String baseDefinition;

    @Column(name = "snapshot_requested", updatable = false)
    public String snapshotRequested;

    @Column(name = "snapshot_id", updatable = false)
    public long snapshotId;

    /** JSON: [{"pointer", "values"}] as submitted. */
    @Column(columnDefinition = "jsonb", updatable = false)
    @ColumnTransformer(write = "?::jsonb")
    public String axes;

    /** JSON: {"type": "grid"} or {"type": "random", "count", "seed"}. */
    @Column(columnDefinition = "jsonb", updatable = false)
    @ColumnTransformer(write = "?::jsonb")
    public String combination;

    /** JSON: the ranking metrics, best first. */
    @Column(columnDefinition = "jsonb", updatable = false)
    @ColumnTransformer(write = "?::jsonb")
    public String ranking;

    @Enumerated(EnumType.STRING)
    public SweepStatus status;

    @Column(updatable = false)
    public int total;

    @Column(name = "valid_count", updatable = false)
    public int validCount;

    @Column(name = "invalid_count", updatable = false)
    public int invalidCount;

    @Column(name = "chunk_count", updatable = false)
    public int chunkCount;

    @Generated
    @Column(name = "submitted_at", insertable = false, updatable = false)
    public OffsetDateTime submittedAt;

    @Column(name = "started_at")
    public OffsetDateTime startedAt;

    @Column(name = "finished_at")
    public OffsetDateTime finishedAt;

    public String error;
}
