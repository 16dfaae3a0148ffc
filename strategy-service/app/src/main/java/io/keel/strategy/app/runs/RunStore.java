package io.keel.strategy.app.runs;

import io.agroal.api.AgroalDataSource;
import io.keel.strategy.app.DatabaseClock;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code strategy.run} and {@code run_execution} through their Panache entities ({@link RunEntity},
 * {@link RunExecutionEntity}); {@code run_series} in plain JDBC (a few MB of JSON text per run, written in
 * one batch and read back verbatim, which an entity would only copy around). Callers own the transaction
 * (every method joins the caller's JTA transaction; the JDBC connection is the one Hibernate uses in it).
 *
 * <p>Exactly-once rests on the run's row lock ({@code PESSIMISTIC_WRITE}): a run is claimed, and finished,
 * only by the transaction holding it, after re-reading its status and claim token under the lock.
 */
@ApplicationScoped
public class RunStore {

    /** A run row (summary as JSON text). */
    public record Row(long id, long definitionId, String definition, int version, String snapshotRequested,
                      Long snapshotId, RunStatus status, OffsetDateTime submittedAt, OffsetDateTime startedAt,
                      OffsetDateTime finishedAt, String error, String summary, String next, String node, int attempts,
                      String benchmark) {
    }

    /** What an execution needs after claiming a run. */
    public record Claim(long runId, long executionId, long definitionId, int version, String snapshotRequested,
                        String benchmark) {
    }

    @Inject
    AgroalDataSource ds;

    /** A run with its definition's name (kept after a soft delete). */
    private static final String SELECT = "select r, d.name from RunEntity r join DefinitionEntity d on d.id = r.definitionId ";

    /**
     * Runs not finished yet (QUEUED or RUNNING) in the whole cluster, counted under a transaction-scoped
     * advisory lock so that concurrent submissions on any node are admitted one after the other and the
     * bound they check is exact. Call inside the submitting transaction.
     */
    public long unfinishedForAdmission() {
        // A native statement: PostgreSQL's advisory lock has no JPA form. The count is a second statement, so
        // that it reads a snapshot taken after the lock was granted (after the previous admission committed).
        em().createNativeQuery("SELECT count(*) FROM pg_advisory_xact_lock(?1)", Long.class)
                .setParameter(1, ADMISSION_LOCK).getSingleResult();
        return RunEntity.count("status in ?1", List.of(RunStatus.QUEUED, RunStatus.RUNNING));
    }

    /** Key of the advisory lock that serialises run admissions ("KEEL" + 1). */
    static final long ADMISSION_LOCK = 0x4B45454CL * 10 + 1;

    /** A run without a benchmark. */
    public long insert(long definitionId, int version, String snapshotRequested) {
        return insert(definitionId, version, snapshotRequested, null);
    }

    /** @param benchmark the run's benchmark in canonical form ({@link io.keel.result.Benchmark#key()}), null for none */
    public long insert(long definitionId, int version, String snapshotRequested, String benchmark) {
        RunEntity r = new RunEntity();
        r.benchmark = benchmark;
        r.definitionId = definitionId;
        r.version = version;
        r.snapshotRequested = snapshotRequested;
        r.status = RunStatus.QUEUED;
        r.persist();
        return r.id;
    }

    public Optional<Row> find(long id) {
        return rows(em().createQuery(SELECT + "where r.id = :id", Object[].class).setParameter("id", id).getResultList())
                .stream().findFirst();
    }

    /** Newest first. */
    public List<Row> list(String definition, RunStatus status, int limit) {
        StringBuilder hql = new StringBuilder(SELECT).append("where 1 = 1");
        if (definition != null) {
            hql.append(" and d.name = :definition");
        }
        if (status != null) {
            hql.append(" and r.status = :status");
        }
        var q = em().createQuery(hql.append(" order by r.id desc").toString(), Object[].class).setMaxResults(limit);
        if (definition != null) {
            q.setParameter("definition", definition);
        }
        if (status != null) {
            q.setParameter("status", status);
        }
        return rows(q.getResultList());
    }

    /**
     * Claims a run for one execution: QUEUED -> RUNNING, or, when Quartz recovers the job of a dead
     * node, RUNNING -> RUNNING with a new execution. Empty when the run is already finished (or,
     * outside recovery, already running): the caller must then do nothing.
     *
     * <p>The status is read under the run's row lock, so of two executions claiming at once the second
     * waits, then reads RUNNING and gets nothing: a run is claimed once in the cluster.
     */
    public Optional<Claim> claim(long runId, String node, boolean recovering) {
        RunEntity r = em().find(RunEntity.class, runId, LockModeType.PESSIMISTIC_WRITE);
        if (r == null || !(r.status == RunStatus.QUEUED || (r.status == RunStatus.RUNNING && recovering))) {
            return Optional.empty();
        }
        RunExecutionEntity e = new RunExecutionEntity();
        e.runId = runId;
        e.node = node;
        e.recovering = recovering;
        e.persist();
        r.status = RunStatus.RUNNING;
        r.startedAt = DatabaseClock.now();
        r.node = node;
        r.attempts++;
        r.executionId = e.id;
        r.error = null;
        return Optional.of(new Claim(runId, e.id, r.definitionId, r.version, r.snapshotRequested, r.benchmark));
    }

    /**
     * Finishes the run if {@code claim} still owns it: SUCCEEDED with summary and series, or FAILED
     * with the reason. Returns false (and writes nothing) when another execution took it over.
     *
     * <p>The claim is checked under the run's row lock: a recovering execution that took the run over
     * changed its {@code execution_id} and holds or held the same lock, so only one of them writes.
     */
    public boolean finish(Claim claim, RunStatus status, Long snapshotId, String summaryJson, String nextJson,
                          Map<String, String> series, String error) {
        RunEntity r = em().find(RunEntity.class, claim.runId(), LockModeType.PESSIMISTIC_WRITE);
        if (r == null || r.status != RunStatus.RUNNING || r.executionId == null || r.executionId != claim.executionId()) {
            return false;
        }
        OffsetDateTime now = DatabaseClock.now();
        r.status = status;
        r.finishedAt = now;
        r.snapshotId = snapshotId;
        r.summary = summaryJson;
        r.nextSignal = nextJson;
        r.error = error;
        RunExecutionEntity e = em().find(RunExecutionEntity.class, claim.executionId());
        e.finishedAt = now;
        e.outcome = status.name();
        // Written now, not at commit, so that a violated constraint (one outcome per run) fails this call.
        em().flush();
        if (series != null && !series.isEmpty()) {
            insertSeries(claim.runId(), series);
        }
        return true;
    }

    private void insertSeries(long runId, Map<String, String> series) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO run_series (run_id, name, position, body) VALUES (?, ?, ?, ?::json)")) {
            int pos = 0;
            for (Map.Entry<String, String> e : series.entrySet()) {
                ps.setLong(1, runId);
                ps.setString(2, e.getKey());
                ps.setInt(3, pos++);
                ps.setString(4, e.getValue());
                ps.addBatch();
            }
            ps.executeBatch();
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

    /** The names of the run's stored series rows in column order ({@code @dates} first), without their bodies. */
    public List<String> seriesNames(long runId) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT name FROM run_series WHERE run_id = ? ORDER BY position")) {
            ps.setLong(1, runId);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
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
        for (Object[] r : em().createQuery("select r.status, count(r) from RunEntity r group by r.status", Object[].class).getResultList()) {
            out.put((RunStatus) r[0], (Long) r[1]);
        }
        return out;
    }

    private static List<Row> rows(List<Object[]> result) {
        List<Row> out = new ArrayList<>(result.size());
        for (Object[] o : result) {
            RunEntity r = (RunEntity) o[0];
            out.add(new Row(r.id, r.definitionId, (String) o[1], r.version, r.snapshotRequested, r.snapshotId, r.status,
                    r.submittedAt, r.startedAt, r.finishedAt, r.error, r.summary, r.nextSignal, r.node, r.attempts,
                    r.benchmark));
        }
        return out;
    }

    private static EntityManager em() {
        return Panache.getEntityManager();
    }
}
