package io.keel.strategy.app.audit;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The audit trail of strategy-service's writes ({@code strategy.audit_event}, through Panache): who (the API key's name),
 * what, on which definition, version or run, when. {@link #record} must be called inside the transaction
 * of the change, so both commit or neither does. Writes made by the service itself (no caller: the
 * scheduler) are recorded as {@code system}.
 */
@ApplicationScoped
public class AuditLog {

    /** One recorded write. */
    public record Event(long id, OffsetDateTime at, String principal, String action, String definition, Integer version,
                        Long runId, String detail, String portfolio) {
    }

    @Inject
    CurrentIdentityAssociation identity;

    /** Appends an event in the caller's transaction. */
    public void record(String action, String definition, Integer version, Long runId, String detail) {
        record(action, definition, version, runId, detail, null);
    }

    /** Appends an event about a portfolio (and the definition it follows) in the caller's transaction. */
    public void recordPortfolio(String action, String portfolio, String definition, String detail) {
        record(action, definition, null, null, detail, portfolio);
    }

    private void record(String action, String definition, Integer version, Long runId, String detail, String portfolio) {
        AuditEventEntity e = new AuditEventEntity();
        e.principal = principal();
        e.action = action;
        e.definition = definition;
        e.version = version;
        e.runId = runId;
        e.detail = detail == null ? null : detail.length() > 500 ? detail.substring(0, 500) : detail;
        e.portfolio = portfolio;
        // inserted at once (an identity id), so a refused row fails here, inside the caller's transaction
        e.persist();
    }

    /** Newest first; {@code definition} null for all. */
    public List<Event> list(String definition, int limit) {
        return list(definition, null, limit);
    }

    /** Newest first; {@code definition} and {@code portfolio} filter when not null. Inside a transaction. */
    public List<Event> list(String definition, String portfolio, int limit) {
        List<String> where = new ArrayList<>();
        Parameters params = new Parameters();
        if (definition != null) {
            where.add("definition = :definition");
            params.and("definition", definition);
        }
        if (portfolio != null) {
            where.add("portfolio = :portfolio");
            params.and("portfolio", portfolio);
        }
        PanacheQuery<AuditEventEntity> query = where.isEmpty()
                ? AuditEventEntity.findAll(Sort.descending("id"))
                : AuditEventEntity.find(String.join(" and ", where), Sort.descending("id"), params);
        return query.page(Page.ofSize(limit)).list().stream().map(AuditEventEntity::toEvent).toList();
    }

    private String principal() {
        try {
            SecurityIdentity id = identity.getIdentity();
            return id == null || id.isAnonymous() ? "system" : id.getPrincipal().getName();
        } catch (RuntimeException e) {
            // no request context (scheduler thread)
            return "system";
        }
    }
}
