package io.keel.marketdata.store;

import io.keel.marketdata.snapshot.SnapshotRecord;
import io.keel.marketdata.snapshot.SnapshotStatus;
import io.keel.marketdata.snapshot.SymbolOutcome;
import io.keel.marketdata.snapshot.SymbolStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import javax.sql.DataSource;

/**
 * Snapshot rows ({@code marketdata.snapshot}, {@code snapshot_symbol}, {@code snapshot_issue}) over JDBC.
 * Every mutating method runs in its own transaction.
 */
@ApplicationScoped
public class SnapshotRepository {

    /** Per-symbol row of a snapshot as stored. */
    public record SymbolRow(String symbol, SymbolStatus status, int rowsWritten, int rowsRejected, int rowsRepaired,
                            int rowsUnchanged, LocalDate firstDate, LocalDate lastDate, String message) {
    }

    /** One stored issue. */
    public record IssueRow(String symbol, LocalDate date, String action, String code, String detail) {
    }

    private static final String COLUMNS = "id, source, status, taken_at, started_at, finished_at, requested_start, checksum, "
            + "rows_written, rows_rejected, rows_repaired, note";

    @Inject
    DataSource ds;

    /** Creates a queued snapshot naming {@code symbols} (in order); returns its id (ids increase over time). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public long createQueued(String source, List<String> symbols, LocalDate requestedStart, String note) {
        try (Connection c = ds.getConnection()) {
            long id;
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO snapshot (source, status, requested_start, note) VALUES (?, 'QUEUED', ?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, source);
                ps.setObject(2, requestedStart);
                ps.setString(3, note);
                ps.executeUpdate();
                try (ResultSet rs = ps.getGeneratedKeys()) {
                    rs.next();
                    id = rs.getLong(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO snapshot_symbol (snapshot_id, symbol, status, position) VALUES (?, ?, 'QUEUED', ?)")) {
                int pos = 0;
                for (String s : symbols) {
                    ps.setLong(1, id);
                    ps.setString(2, s);
                    ps.setInt(3, pos++);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return id;
        } catch (SQLException e) {
            throw new StoreException("cannot create snapshot", e);
        }
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void markRunning(long id) {
        update("UPDATE snapshot SET status = 'RUNNING', started_at = now() WHERE id = ?", id);
        update("UPDATE snapshot_symbol SET status = 'RUNNING' WHERE snapshot_id = ?", id);
    }

    /** Records a symbol's outcome (used for failures; successful writes record it with their bars). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void recordOutcome(long id, SymbolOutcome o) {
        try (Connection c = ds.getConnection()) {
            writeOutcome(c, id, o);
        } catch (SQLException e) {
            throw new StoreException("cannot record outcome of " + o.symbol(), e);
        }
    }

    static void writeOutcome(Connection c, long id, SymbolOutcome o) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE snapshot_symbol SET status = ?, rows_written = ?, rows_rejected = ?, "
                + "rows_repaired = ?, rows_unchanged = ?, first_date = ?, last_date = ?, message = ? WHERE snapshot_id = ? AND symbol = ?")) {
            ps.setString(1, o.status().name());
            ps.setInt(2, o.rowsWritten());
            ps.setInt(3, o.rowsRejected());
            ps.setInt(4, o.rowsRepaired());
            ps.setInt(5, o.rowsUnchanged());
            ps.setObject(6, o.firstDate());
            ps.setObject(7, o.lastDate());
            ps.setString(8, o.message());
            ps.setLong(9, id);
            ps.setString(10, o.symbol());
            if (ps.executeUpdate() == 0) {
                try (PreparedStatement ins = c.prepareStatement("INSERT INTO snapshot_symbol (snapshot_id, symbol, status, rows_written, "
                        + "rows_rejected, rows_repaired, rows_unchanged, first_date, last_date, message) VALUES (?,?,?,?,?,?,?,?,?,?)")) {
                    ins.setLong(1, id);
                    ins.setString(2, o.symbol());
                    ins.setString(3, o.status().name());
                    ins.setInt(4, o.rowsWritten());
                    ins.setInt(5, o.rowsRejected());
                    ins.setInt(6, o.rowsRepaired());
                    ins.setInt(7, o.rowsUnchanged());
                    ins.setObject(8, o.firstDate());
                    ins.setObject(9, o.lastDate());
                    ins.setString(10, o.message());
                    ins.executeUpdate();
                }
            }
        }
    }

    /**
     * Finishes a snapshot: status from its symbols (all succeeded: succeeded; some: partial; none: failed),
     * row totals, and the checksum over every bar visible at it.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public SnapshotStatus finish(long id, String note) {
        try (Connection c = ds.getConnection()) {
            int ok = 0;
            int total = 0;
            try (PreparedStatement ps = c.prepareStatement("SELECT status FROM snapshot_symbol WHERE snapshot_id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        total++;
                        if (SymbolStatus.valueOf(rs.getString(1)).success()) {
                            ok++;
                        }
                    }
                }
            }
            SnapshotStatus status = total > 0 && ok == total ? SnapshotStatus.SUCCEEDED : ok > 0 ? SnapshotStatus.PARTIAL : SnapshotStatus.FAILED;
            String checksum = status.readable() ? checksum(c, id) : null;
            try (PreparedStatement ps = c.prepareStatement("UPDATE snapshot s SET status = ?, finished_at = now(), checksum = ?, "
                    + "note = COALESCE(?, note), rows_written = t.w, rows_rejected = t.r, rows_repaired = t.p FROM ("
                    + "SELECT COALESCE(sum(rows_written), 0) w, COALESCE(sum(rows_rejected), 0) r, COALESCE(sum(rows_repaired), 0) p "
                    + "FROM snapshot_symbol WHERE snapshot_id = ?) t WHERE s.id = ?")) {
                ps.setString(1, status.name());
                ps.setString(2, checksum);
                ps.setString(3, note);
                ps.setLong(4, id);
                ps.setLong(5, id);
                ps.executeUpdate();
            }
            return status;
        } catch (SQLException e) {
            throw new StoreException("cannot finish snapshot " + id, e);
        }
    }

    /** SHA-256 (hex) over every bar visible at snapshot {@code id}, in (symbol, date) order; stable forever. */
    public String checksum(long id) {
        try (Connection c = ds.getConnection()) {
            return checksum(c, id);
        } catch (SQLException e) {
            throw new StoreException("cannot compute checksum of " + id, e);
        }
    }

    private static String checksum(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT encode(sha256(convert_to(COALESCE(string_agg(concat_ws(',', symbol, "
                + "trade_date, open, high, low, close, adj_close, volume), E'\\n' ORDER BY symbol, trade_date), ''), 'UTF8')), 'hex') "
                + "FROM bar WHERE " + Sql.VISIBLE_AT)) {
            ps.setLong(1, id);
            ps.setLong(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    /**
     * Marks snapshots left queued or running by a stopped process: partial if some symbol was written, else failed.
     *
     * @return how many were closed
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int closeInterrupted() {
        List<Long> ids = new ArrayList<>();
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id FROM snapshot WHERE status IN ('QUEUED', 'RUNNING')");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        } catch (SQLException e) {
            throw new StoreException("cannot list interrupted snapshots", e);
        }
        for (long id : ids) {
            close(id, "interrupted by a restart");
        }
        return ids.size();
    }

    /**
     * Records the end of a snapshot whose run stopped without recording it (the database was gone for
     * longer than the run waits): its symbols still queued or running failed with {@code why}, and the
     * snapshot is finished as {@link #finish} does (partial if some symbol was written, else failed).
     * Does nothing to a snapshot that is already finished.
     *
     * @return the snapshot's status
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public SnapshotStatus closeUnrecorded(long id, String why) {
        Optional<SnapshotRecord> r = find(id);
        if (r.isPresent() && r.get().status() != SnapshotStatus.QUEUED && r.get().status() != SnapshotStatus.RUNNING) {
            return r.get().status();
        }
        return close(id, why);
    }

    private SnapshotStatus close(long id, String why) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE snapshot_symbol SET status = 'FAILED', message = ? WHERE snapshot_id = ? AND status IN ('QUEUED', 'RUNNING')")) {
            ps.setString(1, why);
            ps.setLong(2, id);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot close snapshot " + id, e);
        }
        return finish(id, why);
    }

    public Optional<SnapshotRecord> find(long id) {
        List<SnapshotRecord> l = select("SELECT " + COLUMNS + " FROM snapshot WHERE id = ?", id);
        return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
    }

    /** Snapshots newest first, {@code size} per page, page numbers from 0. */
    public List<SnapshotRecord> list(int page, int size) {
        return select("SELECT " + COLUMNS + " FROM snapshot ORDER BY id DESC LIMIT ? OFFSET ?", size, (long) page * size);
    }

    public long count() {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM snapshot");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new StoreException("cannot count snapshots", e);
        }
    }

    /** Id of the newest succeeded or partial snapshot, if any. */
    public OptionalLong latestReadable() {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT max(id) FROM snapshot WHERE status IN ('SUCCEEDED', 'PARTIAL')");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            long v = rs.getLong(1);
            return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(v);
        } catch (SQLException e) {
            throw new StoreException("cannot find latest snapshot", e);
        }
    }

    public List<SymbolRow> symbols(long id) {
        List<SymbolRow> out = new ArrayList<>();
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT symbol, status, rows_written, rows_rejected, rows_repaired, rows_unchanged, "
                     + "first_date, last_date, message FROM snapshot_symbol WHERE snapshot_id = ? ORDER BY position, symbol")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new SymbolRow(rs.getString(1), SymbolStatus.valueOf(rs.getString(2)), rs.getInt(3), rs.getInt(4),
                            rs.getInt(5), rs.getInt(6), Sql.date(rs, "first_date"), Sql.date(rs, "last_date"), rs.getString(9)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("cannot read symbols of snapshot " + id, e);
        }
    }

    /** Issues of a snapshot in insertion order, at most {@code limit}. */
    public List<IssueRow> issues(long id, int limit) {
        List<IssueRow> out = new ArrayList<>();
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT symbol, trade_date, action, code, detail FROM snapshot_issue "
                     + "WHERE snapshot_id = ? ORDER BY id LIMIT ?")) {
            ps.setLong(1, id);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new IssueRow(rs.getString(1), Sql.date(rs, "trade_date"), rs.getString(3), rs.getString(4), rs.getString(5)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("cannot read issues of snapshot " + id, e);
        }
    }

    private List<SnapshotRecord> select(String sql, Object... params) {
        List<SnapshotRecord> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new SnapshotRecord(rs.getLong("id"), rs.getString("source"), SnapshotStatus.valueOf(rs.getString("status")),
                            Sql.instant(rs, "taken_at"), Sql.instant(rs, "started_at"), Sql.instant(rs, "finished_at"),
                            Sql.date(rs, "requested_start"), rs.getString("checksum"), rs.getInt("rows_written"),
                            rs.getInt("rows_rejected"), rs.getInt("rows_repaired"), rs.getString("note")));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("cannot read snapshots", e);
        }
    }

    private void update(String sql, long id) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, id);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot update snapshot " + id, e);
        }
    }
}
