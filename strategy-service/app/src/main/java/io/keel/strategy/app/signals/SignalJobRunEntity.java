package io.keel.strategy.app.signals;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * One firing of the daily signal job ({@code strategy.signal_job_run}): which node, for which expected
 * trading day, and its counts once finished (null {@code finishedAt} while it runs, or when its node died).
 */
@Entity
@Table(name = "signal_job_run")
public class SignalJobRunEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    /** Quartz's scheduled fire time; null for a firing started through the API. */
    @Column(name = "scheduled_fire_time")
    public OffsetDateTime scheduledFireTime;

    public String node;

    @Column(name = "expected_as_of")
    public LocalDate expectedAsOf;

    /** Set by the database when the row is inserted. */
    @Column(name = "started_at", insertable = false, updatable = false)
    public OffsetDateTime startedAt;

    @Column(name = "finished_at")
    public OffsetDateTime finishedAt;

    public int emitted;

    public int stale;

    public int unchanged;

    public int failed;
}
