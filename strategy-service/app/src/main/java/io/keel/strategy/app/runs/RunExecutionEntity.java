package io.keel.strategy.app.runs;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/**
 * One time a node started executing a run ({@code strategy.run_execution}); a recovered run has two. At most
 * one execution per run has an outcome (unique index {@code run_execution_one_outcome_uq}).
 */
@Entity
@Table(name = "run_execution")
public class RunExecutionEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "run_id", updatable = false)
    public long runId;

    @Column(updatable = false)
    public String node;

    /** Whether Quartz fired it again after the node that held the run died. */
    @Column(updatable = false)
    public boolean recovering;

    /** Set by the database on insert. */
    @Column(name = "started_at", insertable = false, updatable = false)
    public OffsetDateTime startedAt;

    @Column(name = "finished_at")
    public OffsetDateTime finishedAt;

    /** SUCCEEDED or FAILED once finished; null while running or when its node died. */
    public String outcome;
}
