package io.keel.strategy.app.runs;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** SQL over {@code strategy.run}, {@code run_execution} and {@code run_series}; callers own the transaction. */
@ApplicationScoped
public class RunStore {

    /** A run row (summary as JSON text). */
    public record Row(long id, long definitionId, String definition, int version, String snapshotRequested,
                      Long snapshotId, RunStatus status, OffsetDateTime submittedAt, OffsetDateTime startedAt,
                      OffsetDateTime finishedAt, String error, String summary, String next, String node, int attempts) {
    }

    /** What an execution needs after claiming a run. */
    public record Claim(long runId, long executionId, long definitionId, int version, String snapshotRequested) {
    }

    @Inject
    AgroalDataSource ds;

    private static final String SELECT = "SELECT r.id, r.definition_id, d.name, r.version, r.snapshot_requested, r.snapshot_id, "
            + "r.status, r.submitted_at, r.started_at, r.finished_at, r.error, r.summary::text AS summary, r.next_signal::text AS next_signal, r.node, r.attempts "
            + "FROM run r JOIN definition d ON d.id = r.definition_id ";

    /**
     * Runs not finished yet (QUEUED or RUNNING) in the whole cluster, counted under a transaction-scoped
     * advisory lock so that concurrent submissions on any node are admitted one after the other and the
     * bound they check is exact. Call inside the submitting transaction.
     */
    public long unfinishedForAdmission() {
        try (Connection c = ds.getConnection(); java.sql.Statement st = c.createStatement()) {
            st.execute("SELECT pg_advisory_xact_lock(" + ADMISSION_LOCK + ")");
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM run WHERE status IN ('QUEUED', 'RUNNING')")) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Key of the advisory lock that serialises run admissions ("KEEL" + 1). */
    static final long ADMISSION_LOCK = 0x4B45454CL * 10 + 1;

    public long insert(long definitionId, int version, String snapshotRequested) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO run (definition_id, version, snapshot_requested, status) "
                     + "VALUES (?, ?, ?, 'QUEUED') RETURNING id")) {
            ps.setLong(1, definitionId);
            ps.setInt(2, version);
            ps.setString(3, snapshotRequested);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public Optional<Row> find(long id) {
        List<Row> rows = query(SELECT + "WHERE r.id = ?", List.of(id));
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    /** Newest first. */
    public List<Row> list(String definition, RunStatus status, int limit) {
        StringBuilder sql = new StringBuilder(SELECT).append("WHERE TRUE");
        List<Object> args = new ArrayList<>();
        if (definition != null) {
            sql.append(" AND d.name = ?");
            args.add(definition);
        }
        if (status != null) {
            sql.append(" AND r.status = ?");
            args.add(status.name());
        }
        sql.append(" ORDER BY r.id DESC LIMIT ?");
        args.add(limit);
        return query(sql.toString(), args);
    }

    /**
     * Claims a run for one execution: QUEUED -> RUNNING, or, when Quartz recovers the job of a dead
     * node, RUNNING -> RUNNING with a new execution. Empty when the run is already finished (or,
     * outside recovery, already running): the caller must then do nothing.
     */
    public Optional<Claim> claim(long runId, String node, boolean recovering) {
        try (Connection c = ds.getConnection()) {
            long definitionId;
            int version;
            String snapshot;
            try (PreparedStatement ps = c.prepareStatement("SELECT definition_id, version, snapshot_requested, status FROM run WHERE id = ? FOR UPDATE")) {
                ps.setLong(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    RunStatus st = RunStatus.valueOf(rs.getString(4));
                    if (!(st == RunStatus.QUEUED || (st == RunStatus.RUNNING && recovering))) {
                        return Optional.empty();
                    }
                    definitionId = rs.getLong(1);
                    version = rs.getInt(2);
                    snapshot = rs.getString(3);
                }
            }
            long execution;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO run_execution (run_id, node, recovering) VALUES (?, ?, ?) RETURNING id")) {
                ps.setLong(1, runId);
                ps.setString(2, node);
                ps.setBoolean(3, recovering);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    execution = rs.getLong(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE run SET status = 'RUNNING', started_at = now(), node = ?, "
                    + "attempts = attempts + 1, execution_id = ?, error = NULL WHERE id = ?")) {
                ps.setString(1, node);
                ps.setLong(2, execution);
                ps.setLong(3, runId);
                ps.executeUpdate();
            }
            return Optional.of(new Claim(runId, execution, definitionId, version, snapshot));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Finishes the run if {@code claim} still owns it: SUCCEEDED with summary and series, or FAILED
     * with the reason. Returns false (and writes nothing) when another execution took it over.
     */
    public boolean finish(Claim claim, RunStatus status, Long snapshotId, String summaryJson, String nextJson,
                          Map<String, String> series, String error) {
        try (Connection c = ds.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE run SET status = ?, finished_at = now(), snapshot_id = ?, "
                    + "summary = ?::jsonb, next_signal = ?::jsonb, error = ? WHERE id = ? AND status = 'RUNNING' AND execution_id = ?")) {
                ps.setString(1, status.name());
                if (snapshotId == null) {
                    ps.setNull(2, Types.BIGINT);
                } else {
                    ps.setLong(2, snapshotId);
                }
                ps.setString(3, summaryJson);
                ps.setString(4, nextJson);
                ps.setString(5, error);
                ps.setLong(6, claim.runId());
                ps.setLong(7, claim.executionId());
                if (ps.executeUpdate() != 1) {
                    return false;
                }
            }
            if (series != null && !series.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO run_series (run_id, name, position, body) VALUES (?, ?, ?, ?::json)")) {
                    int pos = 0;
                    for (Map.Entry<String, String> e : series.entrySet()) {
                        ps.setLong(1, claim.runId());
                        ps.setString(2, e.getKey());
                        ps.setInt(3, pos++);
                        ps.setString(4, e.getValue());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE run_execution SET finished_at = now(), outcome = ? WHERE id = ?")) {
                ps.setString(1, status.name());
                ps.setLong(2, claim.executionId());
                ps.executeUpdate();
            }
            return true;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The stored series rows in column order ({@code @dates} first): name -> JSON array text. */
    public List<Map.Entry<String, String>> series(long runId) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT name, body::text FROM run_series WHERE run_id = ? ORDER BY position")) {
            ps.setLong(1, runId);
            List<Map.Entry<String, String>> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(Map.entry(rs.getString(1), rs.getString(2)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Number of runs per status, over the whole cluster. */
    public Map<RunStatus, Long> countByStatus() {
        Map<RunStatus, Long> out = new EnumMap<>(RunStatus.class);
        for (RunStatus s : RunStatus.values()) {
            out.put(s, 0L);
        }
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT status, count(*) FROM run GROUP BY status");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(RunStatus.valueOf(rs.getString(1)), rs.getLong(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    private List<Row> query(String sql, List<Object> args) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            List<Row> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long snap = rs.getLong(6);
                    Long snapshotId = rs.wasNull() ? null : snap;
                    out.add(new Row(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getInt(4), rs.getString(5), snapshotId,
                            RunStatus.valueOf(rs.getString(7)), rs.getObject(8, OffsetDateTime.class),
                            rs.getObject(9, OffsetDateTime.class), rs.getObject(10, OffsetDateTime.class),
                            rs.getString(11), rs.getString(12), rs.getString(13), rs.getString(14), rs.getInt(15)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
