package io.keel.strategy.app.audit;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/** One row of {@code strategy.audit_event}: appended, never changed. */
@Entity
@Table(name = "audit_event")
public class AuditEventEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    /** Set by the database (the transaction's start), read only. */
    @Column(insertable = false, updatable = false)
    public OffsetDateTime at;

    public String principal;

    public String action;

    public String definition;

    public Integer version;

    @Column(name = "run_id")
    public Long runId;

    /** At most 500 characters. */
    public String detail;

    public String portfolio;

    AuditLog.Event toEvent() {
        return new AuditLog.Event(id, at, principal, action, definition, version, runId, detail, portfolio);
    }
}
