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

import java.time.OffsetDateTime;

/**
 * One chunk of a sweep ({@code strategy.sweep_chunk}): its variants (index and axis values, JSON), its state, the node
 * that ran it and the claim token ({@code attempts}: the execution that may finish it).
 */
@Entity
@Table(name = "sweep_chunk")
public class SweepChunkEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "sweep_id", updatable = false)
    public long sweepId;

    @Column(name = "chunk_index", updatable = false)
    public int chunkIndex;

    /** JSON: [[variant index, [axis values...]], ...]. */
    @Column(columnDefinition = "jsonb", updatable = false)
    @ColumnTransformer(write = "?::jsonb")
    public String variants;

    @Column(name = "variant_count", updatable = false)
    public int variantCount;

    @Enumerated(EnumType.STRING)
    public ChunkStatus status;

    public String node;

    /** Executions that claimed it; the latest one's number is the claim token. */
    public int attempts;

    @Column(name = "failed_variants")
    public int failedVariants;

    @Column(name = "started_at")
    public OffsetDateTime startedAt;

    @Column(name = "finished_at")
    public OffsetDateTime finishedAt;

    public String error;
}
