package io.keel.strategy.app.sweeps;

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
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code strategy.sweep} and {@code sweep_chunk} through their Panache entities ({@link SweepEntity},
 * {@link SweepChunkEntity}: a few rows per sweep, read and written one at a time); {@code sweep_variant} and
 * {@code sweep_invalid} in plain JDBC batches (up to 100,000 rows per sweep, written in batches of a chunk and read
 * page by page or streamed, which an entity per row would only slow down and hold in the session). Callers own the
 * transaction (every method joins the caller's JTA transaction; the JDBC connection is the one Hibernate uses in it).
 *
 * <p>Exactly-once rests on the chunk's row lock: a chunk is claimed, and finished, only by the transaction holding
 * it, after re-reading its status and claim token ({@code attempts}) under the lock; its variants' rows are inserted
 * in the transaction that finishes it, and their primary key {@code (sweep_id, variant_index)} refuses a second copy.
 */
@ApplicationScoped
public class SweepStore {

    /** What an execution needs after claiming a chunk. */
    public record Claim(long sweepId, int chunkIndex, int attempt, String variantsJson, String baseDefinition,
                        long snapshotId, String axesJson) {
    }

    /** One variant's stored result (metrics null when {@code failure} is set). */
    public record VariantRow(int index, String valuesJson, String failure, double[] metrics, byte[] moments) {
    }

    /** One refused variant: its values and problems as JSON. */
    public record InvalidRow(int index, String valuesJson, String problemsJson) {
    }

    /** Progress of a sweep, summed over its chunks. */
    public record Progress(long done, long failed, int chunksDone, int chunksRunning, int chunksPending, int chunksFailed,
                           int chunksSkipped) {
    }

    /** How much of a sweep one node ran. */
    public record NodeShare(String node, int chunks, long variants) {
    }

    @Inject
    AgroalDataSource ds;

    public long insert(SweepEntity s) {
        s.persist();
        return s.id;
    }

    public void insertChunk(long sweepId, int chunkIndex, String variantsJson, int count) {
        SweepChunkEntity c = new SweepChunkEntity();
        c.sweepId = sweepId;
        c.chunkIndex = chunkIndex;
        c.variants = variantsJson;
        c.variantCount = count;
        c.status = ChunkStatus.PENDING;
        c.persist();
    }

    /** Batch-inserts refused variants (call after the sweep row was flushed). */
    public void insertInvalid(long sweepId, List<InvalidRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        em().flush();
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO sweep_invalid (sweep_id, variant_index, param_values, problems) "
                     + "VALUES (?, ?, ?::jsonb, ?::jsonb)")) {
            int n = 0;
            for (InvalidRow r : rows) {
                ps.setLong(1, sweepId);
                ps.setInt(2, r.index());
                ps.setString(3, r.valuesJson());
                ps.setString(4, r.problemsJson());
                ps.addBatch();
                if (++n % 1000 == 0) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public Optional<SweepEntity> find(long id) {
        return Optional.ofNullable(em().find(SweepEntity.class, id));
    }

    public Optional<SweepEntity> findForUpdate(long id) {
        return Optional.ofNullable(em().find(SweepEntity.class, id, LockModeType.PESSIMISTIC_WRITE));
    }

    /** Newest first. */
    public List<SweepEntity> list(SweepStatus status, int limit) {
        if (status == null) {
            return SweepEntity.find("order by id desc").page(0, limit).list();
        }
        return SweepEntity.find("status = ?1 order by id desc", status).page(0, limit).list();
    }

    private static SweepChunkEntity chunkForUpdate(long sweepId, int chunkIndex) {
        return SweepChunkEntity.<SweepChunkEntity>find("sweepId = ?1 and chunkIndex = ?2", sweepId, chunkIndex)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    /**
     * Claims a chunk for one execution: PENDING -> RUNNING, or, when Quartz recovers the job of a dead node (or a
     * chunk left without a job is resumed), RUNNING -> RUNNING with a new claim. Empty when the chunk is finished (or,
     * outside recovery, already running). A chunk whose sweep was cancelled before it started is SKIPPED here. The
     * sweep becomes RUNNING with its first claimed chunk.
     */
    public Optional<Claim> claim(long sweepId, int chunkIndex, String node, boolean recovering) {
        SweepChunkEntity c = chunkForUpdate(sweepId, chunkIndex);
        if (c == null || !(c.status == ChunkStatus.PENDING || (c.status == ChunkStatus.RUNNING && recovering))) {
            return Optional.empty();
        }
        SweepEntity s = em().find(SweepEntity.class, sweepId);
        if (s.status == SweepStatus.CANCELLED) {
            c.status = ChunkStatus.SKIPPED;
            c.finishedAt = DatabaseClock.now();
            return Optional.empty();
        }
        OffsetDateTime now = DatabaseClock.now();
        c.status = ChunkStatus.RUNNING;
        c.node = node;
        c.attempts++;
        c.startedAt = now;
        c.error = null;
        em().flush();
        // QUEUED -> RUNNING once; a statement (not the entity) so that concurrent claims do not overwrite each other
        em().createNativeQuery("UPDATE sweep SET status = 'RUNNING', started_at = now() WHERE id = ?1 AND status = 'QUEUED'")
                .setParameter(1, sweepId).executeUpdate();
        return Optional.of(new Claim(sweepId, chunkIndex, c.attempts, c.variants, s.baseDefinition, s.snapshotId, s.axes));
    }

    /**
     * Finishes a chunk if {@code claim} still holds it: DONE with its variants' rows (failed variants included), or
     * FAILED with the reason and no rows. Then, when it was the sweep's last unfinished chunk, finishes the sweep
     * (SUCCEEDED, or FAILED naming the first failed chunk; a CANCELLED sweep stays so). Returns false, writing
     * nothing, when another execution took the chunk over.
     */
    public boolean finish(Claim claim, String node, List<VariantRow> rows, String error) {
        SweepChunkEntity c = chunkForUpdate(claim.sweepId(), claim.chunkIndex());
        if (c == null || c.status != ChunkStatus.RUNNING || c.attempts != claim.attempt()) {
            return false;
        }
        c.status = error == null ? ChunkStatus.DONE : ChunkStatus.FAILED;
        c.node = node;
        c.finishedAt = DatabaseClock.now();
        c.error = error;
        c.failedVariants = error == null ? (int) rows.stream().filter(r -> r.failure() != null).count() : c.variantCount;
        em().flush();
        if (error == null) {
            insertVariants(claim.sweepId(), claim.chunkIndex(), rows);
        }
        completeIfLast(claim.sweepId());
        return true;
    }

    /** Under the sweep's row lock (taken after this transaction's chunk update), so the last chunk's finisher sees all others. */
    private void completeIfLast(long sweepId) {
        SweepEntity s = em().find(SweepEntity.class, sweepId, LockModeType.PESSIMISTIC_WRITE);
        em().refresh(s, LockModeType.PESSIMISTIC_WRITE);
        long open = SweepChunkEntity.count("sweepId = ?1 and status in ?2", sweepId, List.of(ChunkStatus.PENDING, ChunkStatus.RUNNING));
        if (open > 0 || s.status.finished()) {
            return;
        }
        SweepChunkEntity failed = SweepChunkEntity.<SweepChunkEntity>find("sweepId = ?1 and status = ?2 order by chunkIndex",
                sweepId, ChunkStatus.FAILED).firstResult();
        s.status = failed == null ? SweepStatus.SUCCEEDED : SweepStatus.FAILED;
        s.error = failed == null ? null : "chunk " + failed.chunkIndex + " failed: " + failed.error;
        s.finishedAt = DatabaseClock.now();
    }

    private void insertVariants(long sweepId, int chunkIndex, List<VariantRow> rows) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO sweep_variant (sweep_id, variant_index, chunk_index, param_values, "
                     + "failure, cagr, annual_volatility, sharpe, sortino, max_drawdown, calmar, turnover, average_leverage, moments) "
                     + "VALUES (?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (sweep_id, variant_index) DO NOTHING")) {
            int n = 0;
            for (VariantRow r : rows) {
                ps.setLong(1, sweepId);
                ps.setInt(2, r.index());
                ps.setInt(3, chunkIndex);
                ps.setString(4, r.valuesJson());
                ps.setString(5, r.failure());
                for (int i = 0; i < 8; i++) {
                    double v = r.metrics() == null ? Double.NaN : r.metrics()[i];
                    if (Double.isFinite(v)) {
                        ps.setDouble(6 + i, v);
                    } else {
                        ps.setNull(6 + i, Types.DOUBLE);
                    }
                }
                if (r.moments() == null) {
                    ps.setNull(14, Types.BINARY);
                } else {
                    ps.setBytes(14, r.moments());
                }
                ps.addBatch();
                if (++n % 500 == 0) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Cancels a sweep that is not finished: CANCELLED, its chunks not started SKIPPED. Returns false when it is finished. */
    public boolean cancel(long sweepId) {
        SweepEntity s = em().find(SweepEntity.class, sweepId, LockModeType.PESSIMISTIC_WRITE);
        em().refresh(s, LockModeType.PESSIMISTIC_WRITE);
        if (s.status.finished()) {
            return false;
        }
        s.status = SweepStatus.CANCELLED;
        s.finishedAt = DatabaseClock.now();
        em().flush();
        em().createNativeQuery("UPDATE sweep_chunk SET status = 'SKIPPED', finished_at = now() WHERE sweep_id = ?1 AND status = 'PENDING'")
                .setParameter(1, sweepId).executeUpdate();
        return true;
    }

    /** The chunk indices of a sweep still PENDING (their Quartz jobs may be removed). */
    public List<Integer> chunkIndices(long sweepId, ChunkStatus status) {
        return em().createQuery("select c.chunkIndex from SweepChunkEntity c where c.sweepId = :s and c.status = :st order by c.chunkIndex",
                Integer.class).setParameter("s", sweepId).setParameter("st", status).getResultList();
    }

    public Progress progress(long sweepId) {
        Object[] r = (Object[]) em().createNativeQuery("SELECT "
                        + "coalesce(sum(variant_count) FILTER (WHERE status = 'DONE'), 0), "
                        + "coalesce(sum(failed_variants) FILTER (WHERE status = 'DONE'), 0), "
                        + "count(*) FILTER (WHERE status = 'DONE'), count(*) FILTER (WHERE status = 'RUNNING'), "
                        + "count(*) FILTER (WHERE status = 'PENDING'), count(*) FILTER (WHERE status = 'FAILED'), "
                        + "count(*) FILTER (WHERE status = 'SKIPPED') FROM sweep_chunk WHERE sweep_id = ?1")
                .setParameter(1, sweepId).getSingleResult();
        return new Progress(((Number) r[0]).longValue(), ((Number) r[1]).longValue(), ((Number) r[2]).intValue(),
                ((Number) r[3]).intValue(), ((Number) r[4]).intValue(), ((Number) r[5]).intValue(), ((Number) r[6]).intValue());
    }

    /** Which node finished how many chunks and variants of a sweep (DONE chunks), busiest first. */
    @SuppressWarnings("unchecked")
    public List<NodeShare> nodes(long sweepId) {
        List<Object[]> rows = em().createNativeQuery("SELECT node, count(*), sum(variant_count) FROM sweep_chunk "
                + "WHERE sweep_id = ?1 AND status = 'DONE' GROUP BY node ORDER BY sum(variant_count) DESC, node").setParameter(1, sweepId).getResultList();
        List<NodeShare> out = new ArrayList<>();
        for (Object[] r : rows) {
            out.add(new NodeShare((String) r[0], ((Number) r[1]).intValue(), ((Number) r[2]).longValue()));
        }
        return out;
    }

    /** Variants of unfinished sweeps not yet finished, cluster-wide (a gauge). */
    public long pendingVariants() {
        return ((Number) em().createNativeQuery("SELECT coalesce(sum(c.variant_count), 0) FROM sweep_chunk c JOIN sweep s ON s.id = c.sweep_id "
                + "WHERE s.status IN ('QUEUED', 'RUNNING') AND c.status IN ('PENDING', 'RUNNING')").getSingleResult()).longValue();
    }

    /** Sweeps per status, cluster-wide. */
    public java.util.Map<SweepStatus, Long> countByStatus() {
        java.util.Map<SweepStatus, Long> out = new java.util.EnumMap<>(SweepStatus.class);
        for (SweepStatus s : SweepStatus.values()) {
            out.put(s, 0L);
        }
        for (Object[] r : em().createQuery("select s.status, count(s) from SweepEntity s group by s.status", Object[].class).getResultList()) {
            out.put((SweepStatus) r[0], (Long) r[1]);
        }
        return out;
    }

    /** One stored result row as read back. */
    public record ResultRow(int index, String valuesJson, String failure, Double[] metrics) {
    }

    private static final String RESULT_COLUMNS = "variant_index, param_values::text, failure, cagr, annual_volatility, sharpe, sortino, "
            + "max_drawdown, calmar, turnover, average_leverage";

    /** How many stored results match {@code q}. */
    public long countResults(long sweepId, ResultQuery q) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM sweep_variant WHERE sweep_id = ?" + q.where())) {
            bind(ps, sweepId, q);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Streams the stored results matching {@code q} in its order to {@code sink}, {@code limit} rows (all when null)
     * after skipping {@code offset}, reading 1,000 rows at a time (a server-side cursor: memory stays bounded).
     * Needs a transaction (the cursor lives in it).
     */
    public void results(long sweepId, ResultQuery q, Integer limit, int offset, Consumer<ResultRow> sink) {
        String sql = "SELECT " + RESULT_COLUMNS + " FROM sweep_variant WHERE sweep_id = ?" + q.where() + q.orderBy()
                + (limit == null ? "" : " LIMIT " + limit) + " OFFSET " + offset;
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setFetchSize(1000);
            bind(ps, sweepId, q);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sink.accept(resultRow(rs));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ResultRow resultRow(ResultSet rs) throws SQLException {
        Double[] m = new Double[8];
        for (int i = 0; i < 8; i++) {
            double v = rs.getDouble(4 + i);
            m[i] = rs.wasNull() ? null : v;
        }
        return new ResultRow(rs.getInt(1), rs.getString(2), rs.getString(3), m);
    }

    private static void bind(PreparedStatement ps, long sweepId, ResultQuery q) throws SQLException {
        ps.setLong(1, sweepId);
        int i = 2;
        for (double v : q.parameters()) {
            ps.setDouble(i++, v);
        }
    }

    /** The stored result of one variant, if it ran. */
    public Optional<ResultRow> result(long sweepId, int index) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + RESULT_COLUMNS + " FROM sweep_variant WHERE sweep_id = ? AND variant_index = ?")) {
            ps.setLong(1, sweepId);
            ps.setInt(2, index);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(resultRow(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The refused variants, by index: [index, values JSON, problems JSON]. */
    public List<InvalidRow> invalid(long sweepId, int limit, int offset) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT variant_index, param_values::text, problems::text FROM sweep_invalid "
                     + "WHERE sweep_id = ? ORDER BY variant_index LIMIT ? OFFSET ?")) {
            ps.setLong(1, sweepId);
            ps.setInt(2, limit);
            ps.setInt(3, offset);
            List<InvalidRow> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new InvalidRow(rs.getInt(1), rs.getString(2), rs.getString(3)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public Optional<InvalidRow> invalidVariant(long sweepId, int index) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT variant_index, param_values::text, problems::text FROM sweep_invalid "
                     + "WHERE sweep_id = ? AND variant_index = ?")) {
            ps.setLong(1, sweepId);
            ps.setInt(2, index);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new InvalidRow(rs.getInt(1), rs.getString(2), rs.getString(3))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One succeeded variant's index, stored Sharpe and encoded moments, as read for the overfitting statistics. */
    public record MomentsRow(int index, String valuesJson, double sharpe, byte[] moments) {
    }

    /**
     * Streams the succeeded variants (moments stored, Sharpe finite) by index, 500 rows at a time. Needs a transaction.
     */
    public void moments(long sweepId, Consumer<MomentsRow> sink) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT variant_index, param_values::text, sharpe, moments FROM sweep_variant "
                     + "WHERE sweep_id = ? AND failure IS NULL AND moments IS NOT NULL AND sharpe IS NOT NULL ORDER BY variant_index")) {
            ps.setFetchSize(500);
            ps.setLong(1, sweepId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sink.accept(new MomentsRow(rs.getInt(1), rs.getString(2), rs.getDouble(3), rs.getBytes(4)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The chunk that holds {@code variantIndex}'s values (its JSON list), if the variant is valid. */
    public Optional<String> chunkVariantsContaining(long sweepId, int variantIndex) {
        // variants of a chunk are in index order: the chunk is the last one whose first index is <= variantIndex
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT variants::text FROM sweep_chunk WHERE sweep_id = ? "
                     + "AND (variants -> 0 ->> 0)::int <= ? ORDER BY chunk_index DESC LIMIT 1")) {
            ps.setLong(1, sweepId);
            ps.setInt(2, variantIndex);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Unfinished chunks of unfinished sweeps with no Quartz job left, started or queued over {@code minAgeSeconds} ago. */
    public List<long[]> orphanChunks(int minAgeSeconds) {
        String sql = "SELECT c.sweep_id, c.chunk_index FROM sweep_chunk c JOIN sweep s ON s.id = c.sweep_id "
                + "WHERE s.status IN ('QUEUED', 'RUNNING') AND c.status IN ('PENDING', 'RUNNING') "
                + "AND s.submitted_at < now() - make_interval(secs => ?) "
                + "AND NOT EXISTS (SELECT 1 FROM qrtz_job_details j WHERE j.job_group = '" + SweepChunkJob.GROUP + "' "
                + "AND j.job_name = 'sweep-' || c.sweep_id || '-' || c.chunk_index) "
                + "AND NOT EXISTS (SELECT 1 FROM qrtz_fired_triggers f WHERE f.job_group = '" + SweepChunkJob.GROUP + "' "
                + "AND f.job_name = 'sweep-' || c.sweep_id || '-' || c.chunk_index) ORDER BY c.sweep_id, c.chunk_index LIMIT 200";
        List<long[]> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, minAgeSeconds);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new long[]{rs.getLong(1), rs.getInt(2)});
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    private static EntityManager em() {
        return Panache.getEntityManager();
    }
}
