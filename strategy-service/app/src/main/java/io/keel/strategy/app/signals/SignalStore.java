package io.keel.strategy.app.signals;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code strategy.signal} in SQL (a signal is stored once per definition, version and close by one
 * {@code INSERT … ON CONFLICT DO NOTHING}) and {@code strategy.signal_job_run} through Panache
 * ({@link SignalJobRunEntity}); callers own the transaction.
 */
@ApplicationScoped
public class SignalStore {

    /**
     * A stored signal (weights, diagnostics and reference prices as JSON text). {@code expectedAsOf} and
     * {@code reason} are the freshness judged when it was computed; {@code definitionId} and
     * {@code prices} (closes of {@code asOf} by symbol) serve the portfolios' orders.
     */
    public record Row(long id, String definition, int version, LocalDate asOf, LocalDate nextSession, String status,
                      Boolean rebalance, String weights, Double leverage, String diagnostics, Long snapshotId,
                      LocalDate dataAsOf, LocalDate expectedAsOf, String reason, OffsetDateTime createdAt,
                      long definitionId, String prices) {
    }

    /** An active definition and its latest version's body. */
    public record Active(long id, String name, int version, String body) {
    }

    /** A live definition: whether it is active, its latest version and that version's body. */
    public record Head(long id, String name, boolean active, int version, String body) {
        public Active asActive() {
            return new Active(id, name, version, body);
        }
    }

    /** What to write for one definition and day. */
    public record NewSignal(long definitionId, int version, LocalDate asOf, LocalDate nextSession, String status,
                            Boolean rebalance, String weights, Double leverage, String diagnostics, Long snapshotId,
                            LocalDate dataAsOf, LocalDate expectedAsOf, String reason, Long jobRunId, String prices) {
    }

    @Inject
    AgroalDataSource ds;

    private static final String COLUMNS = "s.id, d.name, s.version, s.as_of_date, s.next_session, s.status, s.rebalance, "
            + "s.weights::text, s.leverage, s.diagnostics::text, s.snapshot_id, s.data_as_of, s.expected_as_of, s.reason, s.created_at, "
            + "s.definition_id, s.prices::text ";
    private static final String SELECT = "SELECT " + COLUMNS + "FROM signal s JOIN definition d ON d.id = s.definition_id ";

    /** The live definition named {@code name}, with its latest version. */
    public Optional<Head> definition(String name) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT d.id, d.name, d.active, v.version, v.body::text FROM definition d "
                     + "JOIN definition_version v ON v.definition_id = d.id AND v.version = "
                     + "(SELECT max(version) FROM definition_version WHERE definition_id = d.id) "
                     + "WHERE d.name = ? AND d.deleted_at IS NULL")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Head(rs.getLong(1), rs.getString(2), rs.getBoolean(3), rs.getInt(4), rs.getString(5)))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public List<Active> activeDefinitions() {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT d.id, d.name, v.version, v.body::text FROM definition d "
                     + "JOIN definition_version v ON v.definition_id = d.id AND v.version = "
                     + "(SELECT max(version) FROM definition_version WHERE definition_id = d.id) "
                     + "WHERE d.active AND d.deleted_at IS NULL ORDER BY d.name");
             ResultSet rs = ps.executeQuery()) {
            List<Active> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new Active(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getString(4)));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Stores a signal unless one exists for the same definition, version and close (signals are never
     * rewritten: orders refer to them). Returns the new row's id, or empty when one existed.
     */
    public Optional<Long> insert(NewSignal s) {
        String sql = "INSERT INTO signal (definition_id, version, as_of_date, next_session, status, rebalance, weights, leverage, "
                + "diagnostics, snapshot_id, data_as_of, expected_as_of, reason, job_run_id, prices) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?::jsonb, ?, ?, ?, ?, ?, ?::jsonb) "
                + "ON CONFLICT (definition_id, version, as_of_date) DO NOTHING RETURNING id";
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, s.definitionId());
            ps.setInt(2, s.version());
            ps.setDate(3, Date.valueOf(s.asOf()));
            setDate(ps, 4, s.nextSession());
            ps.setString(5, s.status());
            if (s.rebalance() == null) {
                ps.setNull(6, Types.BOOLEAN);
            } else {
                ps.setBoolean(6, s.rebalance());
            }
            ps.setString(7, s.weights());
            if (s.leverage() == null) {
                ps.setNull(8, Types.DOUBLE);
            } else {
                ps.setDouble(8, s.leverage());
            }
            ps.setString(9, s.diagnostics());
            if (s.snapshotId() == null) {
                ps.setNull(10, Types.BIGINT);
            } else {
                ps.setLong(10, s.snapshotId());
            }
            setDate(ps, 11, s.dataAsOf());
            setDate(ps, 12, s.expectedAsOf());
            ps.setString(13, s.reason());
            if (s.jobRunId() == null) {
                ps.setNull(14, Types.BIGINT);
            } else {
                ps.setLong(14, s.jobRunId());
            }
            ps.setString(15, s.prices() == null ? "{}" : s.prices());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void setDate(PreparedStatement ps, int i, LocalDate d) throws SQLException {
        if (d == null) {
            ps.setNull(i, Types.DATE);
        } else {
            ps.setDate(i, Date.valueOf(d));
        }
    }

    /** Records the start of a job firing; its id. */
    public long startJobRun(Instant scheduledFireTime, String node, LocalDate expected) {
        SignalJobRunEntity run = new SignalJobRunEntity();
        run.scheduledFireTime = scheduledFireTime == null ? null : scheduledFireTime.atOffset(ZoneOffset.UTC);
        run.node = node;
        run.expectedAsOf = expected;
        run.persist();
        return run.id;
    }

    /** Records the end of job firing {@code id} with its counts. */
    public void finishJobRun(long id, int emitted, int stale, int unchanged, int failed) {
        SignalJobRunEntity run = SignalJobRunEntity.findById(id);
        if (run == null) {
            throw new IllegalStateException("signal job run " + id + " vanished");
        }
        run.finishedAt = OffsetDateTime.now();
        run.emitted = emitted;
        run.stale = stale;
        run.unchanged = unchanged;
        run.failed = failed;
    }

    /** The latest signal (newest close) of a definition's {@code version}. */
    public Optional<Row> latest(long definitionId, int version) {
        return query(SELECT + "WHERE s.definition_id = ? AND s.version = ? ORDER BY s.as_of_date DESC LIMIT 1",
                definitionId, version, null).stream().findFirst();
    }

    /** The signal of a definition's {@code version} decided at the close of {@code asOf}. */
    public Optional<Row> find(long definitionId, int version, LocalDate asOf) {
        return query(SELECT + "WHERE s.definition_id = ? AND s.version = ? AND s.as_of_date = ?", definitionId, version, asOf)
                .stream().findFirst();
    }

    public Optional<Row> byId(long id) {
        return query(SELECT + "WHERE s.id = ?", id, null, null).stream().findFirst();
    }

    /** A live definition's signals, newest close first (all versions). */
    public List<Row> history(String definition, int limit) {
        return query(SELECT + "WHERE d.name = ? AND d.deleted_at IS NULL ORDER BY s.as_of_date DESC, s.version DESC LIMIT ?",
                definition, limit, null);
    }

    /** The latest signal of the current (latest) version of every active definition that has one. */
    public List<Row> latestOfActive() {
        return query("SELECT DISTINCT ON (d.name) " + COLUMNS + "FROM signal s JOIN definition d ON d.id = s.definition_id "
                + "WHERE d.active AND d.deleted_at IS NULL AND s.status = 'EMITTED' "
                + "AND s.version = (SELECT max(version) FROM definition_version WHERE definition_id = d.id) "
                + "ORDER BY d.name, s.as_of_date DESC", null, null, null);
    }

    private List<Row> query(String sql, Object first, Object second, Object third) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            for (Object p : new Object[]{first, second, third}) {
                if (p instanceof LocalDate d) {
                    ps.setDate(i++, Date.valueOf(d));
                } else if (p != null) {
                    ps.setObject(i++, p);
                }
            }
            List<Row> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Boolean reb = rs.getBoolean(7);
                    if (rs.wasNull()) {
                        reb = null;
                    }
                    Double lev = rs.getDouble(9);
                    if (rs.wasNull()) {
                        lev = null;
                    }
                    Long snap = rs.getLong(11);
                    if (rs.wasNull()) {
                        snap = null;
                    }
                    out.add(new Row(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getObject(4, LocalDate.class),
                            rs.getObject(5, LocalDate.class), rs.getString(6), reb, rs.getString(8), lev, rs.getString(10), snap,
                            rs.getObject(12, LocalDate.class), rs.getObject(13, LocalDate.class), rs.getString(14),
                            rs.getObject(15, OffsetDateTime.class), rs.getLong(16), rs.getString(17)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
