package io.keel.strategy.app.audit;

import io.agroal.api.AgroalDataSource;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The audit trail of strategy-service's writes ({@code strategy.audit_event}): who (the API key's name),
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
    AgroalDataSource ds;

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
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO audit_event (principal, action, definition, version, run_id, detail, portfolio) "
                     + "VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, principal());
            ps.setString(2, action);
            ps.setString(3, definition);
            if (version == null) {
                ps.setNull(4, Types.INTEGER);
            } else {
                ps.setInt(4, version);
            }
            if (runId == null) {
                ps.setNull(5, Types.BIGINT);
            } else {
                ps.setLong(5, runId);
            }
            ps.setString(6, detail == null ? null : detail.length() > 500 ? detail.substring(0, 500) : detail);
            ps.setString(7, portfolio);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Newest first; {@code definition} null for all. */
    public List<Event> list(String definition, int limit) {
        return list(definition, null, limit);
    }

    /** Newest first; {@code definition} and {@code portfolio} filter when not null. */
    public List<Event> list(String definition, String portfolio, int limit) {
        String where = definition == null && portfolio == null ? ""
                : " WHERE " + (definition == null ? "" : "definition = ?") + (definition != null && portfolio != null ? " AND " : "")
                + (portfolio == null ? "" : "portfolio = ?");
        String sql = "SELECT id, at, principal, action, definition, version, run_id, detail, portfolio FROM audit_event"
                + where + " ORDER BY id DESC LIMIT ?";
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            if (definition != null) {
                ps.setString(i++, definition);
            }
            if (portfolio != null) {
                ps.setString(i++, portfolio);
            }
            ps.setInt(i, limit);
            List<Event> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int v = rs.getInt(6);
                    Integer version = rs.wasNull() ? null : v;
                    long r = rs.getLong(7);
                    Long run = rs.wasNull() ? null : r;
                    out.add(new Event(rs.getLong(1), rs.getObject(2, OffsetDateTime.class), rs.getString(3), rs.getString(4),
                            rs.getString(5), version, run, rs.getString(8), rs.getString(9)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
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
