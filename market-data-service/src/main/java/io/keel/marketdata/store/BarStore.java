package io.keel.marketdata.store;

import io.keel.marketdata.domain.Bar;
import io.keel.prices.CorporateAction;
import io.keel.prices.Issue;
import io.keel.marketdata.domain.PriceField;
import io.keel.prices.SeriesFetch;
import io.keel.marketdata.domain.ValidatedSeries;
import io.keel.marketdata.snapshot.SymbolOutcome;
import io.keel.marketdata.snapshot.SymbolStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Versioned daily bars ({@code marketdata.bar}) and instruments over JDBC.
 * <p>
 * A bar row is valid from {@code first_snapshot_id} until {@code superseded_by_snapshot_id}: applying a
 * series under snapshot S inserts only dates that are new or whose values changed and closes the
 * replaced rows with S. Nothing is ever deleted, so reading "as of S" is exact forever.
 */
@ApplicationScoped
public class BarStore {

    /** Stored extent of one symbol as of a snapshot. */
    public record Extent(String symbol, String name, String currency, LocalDate firstDate, LocalDate lastDate, int bars) {
    }

    /**
     * Rows of a price query: per symbol, its ISO dates in ascending order and the values as exact decimal text
     * without trailing zeros (e.g. {@code 661.82000732}, {@code 86000000}); a value is null where the column is null.
     */
    public record PriceRows(Map<String, String[]> dates, Map<String, String[]> values) {
    }

    private static final String BAR_COLS = "trade_date, open, high, low, close, adj_close, volume";

    @Inject
    DataSource ds;

    /** The current (latest) bars of {@code symbol} from {@code from} (inclusive; null = all), ascending. */
    public List<Bar> currentBars(String symbol, LocalDate from) {
        try (Connection c = ds.getConnection()) {
            return currentBars(c, symbol, from == null ? LocalDate.of(1, 1, 1) : from, LocalDate.of(9999, 12, 31));
        } catch (SQLException e) {
            throw new StoreException("cannot read bars of " + symbol, e);
        }
    }

    /** The latest current bar of {@code symbol} strictly before {@code date}, if any. */
    public Optional<Bar> currentBefore(String symbol, LocalDate date) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT " + BAR_COLS + " FROM bar "
                + "WHERE symbol = ? AND superseded_by_snapshot_id IS NULL AND trade_date < ? ORDER BY trade_date DESC LIMIT 1")) {
            ps.setString(1, symbol);
            ps.setObject(2, date);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(bar(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read bars of " + symbol, e);
        }
    }

    /** First and last current dates of {@code symbol}, or empty when it has no bar. */
    public Optional<LocalDate[]> currentRange(String symbol) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT min(trade_date), max(trade_date) FROM bar WHERE symbol = ? AND superseded_by_snapshot_id IS NULL")) {
            ps.setString(1, symbol);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                LocalDate first = rs.getObject(1, LocalDate.class);
                return first == null ? Optional.empty() : Optional.of(new LocalDate[] {first, rs.getObject(2, LocalDate.class)});
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read range of " + symbol, e);
        }
    }

    /** True when no bar at all is stored (first start). */
    public boolean isEmpty() {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT NOT EXISTS (SELECT 1 FROM bar)");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getBoolean(1);
        } catch (SQLException e) {
            throw new StoreException("cannot inspect bars", e);
        }
    }

    /** Symbols of all instruments, sorted. */
    public List<String> trackedSymbols() {
        List<String> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT symbol FROM instrument ORDER BY symbol");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("cannot list instruments", e);
        }
    }

    /**
     * Writes one symbol's validated series under snapshot {@code snapshotId}, in one transaction: upserts the
     * instrument, supersedes changed bars, inserts new and changed bars, adds unseen corporate actions, stores
     * the issues and the symbol's outcome. Dates absent from {@code series} are left untouched.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public SymbolOutcome apply(long snapshotId, SeriesFetch meta, ValidatedSeries series, String message) {
        String symbol = meta.symbol();
        List<Bar> incoming = series.bars();
        try (Connection c = ds.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext('marketdata.bar:' || ?))")) {
                ps.setString(1, symbol);
                ps.executeQuery().close();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO instrument (symbol, name, currency, exchange_tz) VALUES (?, ?, ?, ?) "
                    + "ON CONFLICT (symbol) DO UPDATE SET name = COALESCE(EXCLUDED.name, instrument.name), exchange_tz = EXCLUDED.exchange_tz")) {
                ps.setString(1, symbol);
                ps.setString(2, meta.name());
                ps.setString(3, meta.currency());
                ps.setString(4, meta.exchangeTz());
                ps.executeUpdate();
            }
            List<Bar> changed = new ArrayList<>();
            List<Bar> added = new ArrayList<>();
            int unchanged = 0;
            if (!incoming.isEmpty()) {
                Map<LocalDate, Bar> current = new HashMap<>();
                for (Bar b : currentBars(c, symbol, incoming.get(0).date(), incoming.get(incoming.size() - 1).date())) {
                    current.put(b.date(), b);
                }
                for (Bar b : incoming) {
                    Bar old = current.get(b.date());
                    if (old == null) {
                        added.add(b);
                    } else if (old.sameValues(b)) {
                        unchanged++;
                    } else {
                        changed.add(b);
                    }
                }
            }
            if (!changed.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE bar SET superseded_by_snapshot_id = ? WHERE symbol = ? "
                        + "AND superseded_by_snapshot_id IS NULL AND trade_date = ANY (?::date[])")) {
                    ps.setLong(1, snapshotId);
                    ps.setString(2, symbol);
                    ps.setString(3, Sql.arrayLiteral(changed, Bar::date));
                    ps.executeUpdate();
                }
            }
            List<Bar> write = new ArrayList<>(added.size() + changed.size());
            write.addAll(added);
            write.addAll(changed);
            if (!write.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO bar (symbol, trade_date, open, high, low, close, adj_close, volume, "
                        + "first_snapshot_id) SELECT ?, d, o, h, l, cl, a, v, ? FROM unnest(?::date[], ?::numeric[], ?::numeric[], "
                        + "?::numeric[], ?::numeric[], ?::numeric[], ?::bigint[]) AS t(d, o, h, l, cl, a, v)")) {
                    ps.setString(1, symbol);
                    ps.setLong(2, snapshotId);
                    ps.setString(3, Sql.arrayLiteral(write, Bar::date));
                    ps.setString(4, Sql.arrayLiteral(write, Bar::open));
                    ps.setString(5, Sql.arrayLiteral(write, Bar::high));
                    ps.setString(6, Sql.arrayLiteral(write, Bar::low));
                    ps.setString(7, Sql.arrayLiteral(write, Bar::close));
                    ps.setString(8, Sql.arrayLiteral(write, Bar::adjClose));
                    ps.setString(9, Sql.arrayLiteral(write, Bar::volume));
                    ps.executeUpdate();
                }
            }
            if (!meta.actions().isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO corporate_action (symbol, ex_date, action_type, value, "
                        + "first_snapshot_id) VALUES (?, ?, ?, ?, ?) ON CONFLICT (symbol, ex_date, action_type) DO NOTHING")) {
                    for (CorporateAction a : meta.actions()) {
                        ps.setString(1, symbol);
                        ps.setObject(2, a.exDate());
                        ps.setString(3, a.type().name());
                        ps.setBigDecimal(4, a.value());
                        ps.setLong(5, snapshotId);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            writeIssues(c, snapshotId, symbol, series.issues());
            // Rows of this symbol that this snapshot wrote, including those of an earlier attempt whose commit
            // went through but was not acknowledged (a database outage; the snapshot retries the symbol): they
            // now look unchanged, yet they are this snapshot's writes.
            int written;
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM bar WHERE symbol = ? AND first_snapshot_id = ?")) {
                ps.setString(1, symbol);
                ps.setLong(2, snapshotId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    written = rs.getInt(1);
                }
            }
            int earlier = Math.max(0, written - write.size());
            unchanged -= earlier;
            SymbolOutcome outcome = new SymbolOutcome(symbol, written == 0 ? SymbolStatus.UNCHANGED : SymbolStatus.OK, written,
                    series.rejected(), series.repaired(), unchanged,
                    incoming.isEmpty() ? null : incoming.get(0).date(),
                    incoming.isEmpty() ? null : incoming.get(incoming.size() - 1).date(),
                    summary(added.size(), changed.size(), unchanged, series, message)
                            + (earlier > 0 ? "; " + earlier + " written by an earlier attempt of this snapshot" : ""));
            SnapshotRepository.writeOutcome(c, snapshotId, outcome);
            return outcome;
        } catch (SQLException e) {
            throw new StoreException("cannot write bars of " + symbol, e);
        }
    }

    /** Stores issues of a symbol whose series was not written (e.g. every row rejected). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void recordIssues(long snapshotId, String symbol, List<Issue> issues, SymbolOutcome outcome) {
        try (Connection c = ds.getConnection()) {
            writeIssues(c, snapshotId, symbol, issues);
            SnapshotRepository.writeOutcome(c, snapshotId, outcome);
        } catch (SQLException e) {
            throw new StoreException("cannot record issues of " + symbol, e);
        }
    }

    private static String summary(int added, int changed, int unchanged, ValidatedSeries s, String message) {
        String text = added + " new, " + changed + " changed, " + unchanged + " unchanged, " + s.rejected() + " rejected, "
                + s.repaired() + " repaired";
        return message == null ? text : text + "; " + message;
    }

    private static void writeIssues(Connection c, long snapshotId, String symbol, List<Issue> issues) throws SQLException {
        // a retried symbol (after a database outage) replaces what an earlier attempt recorded
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM snapshot_issue WHERE snapshot_id = ? AND symbol = ?")) {
            ps.setLong(1, snapshotId);
            ps.setString(2, symbol);
            ps.executeUpdate();
        }
        if (issues.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO snapshot_issue (snapshot_id, symbol, trade_date, action, code, detail) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (Issue i : issues) {
                ps.setLong(1, snapshotId);
                ps.setString(2, symbol);
                ps.setObject(3, i.date());
                ps.setString(4, i.action().name());
                ps.setString(5, i.code());
                ps.setString(6, i.detail());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * Values of {@code field} for {@code symbols} between {@code from} and {@code to} (inclusive) as of snapshot
     * {@code snapshotId}. Symbols without any row in range map to empty lists.
     */
    public PriceRows prices(List<String> symbols, LocalDate from, LocalDate to, long snapshotId, PriceField field) {
        Map<String, String[]> dates = new LinkedHashMap<>();
        Map<String, String[]> values = new LinkedHashMap<>();
        for (String s : symbols) {
            dates.put(s, new String[0]);
            values.put(s, new String[0]);
        }
        // one row per symbol, aggregated by PostgreSQL from the index-ordered rows: far less protocol and decoding
        // work than one row per bar (string_agg keeps the order of its sorted input)
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT symbol, string_agg(trade_date::text, ','), "
                + "string_agg(COALESCE(v::text, ''), ',') FROM (SELECT symbol, trade_date, " + field.column() + " AS v FROM bar "
                + "WHERE symbol = ANY (?) AND trade_date BETWEEN ? AND ? AND " + Sql.VISIBLE_AT + " ORDER BY symbol, trade_date) t "
                + "GROUP BY symbol")) {
            ps.setArray(1, c.createArrayOf("varchar", symbols.toArray()));
            ps.setObject(2, from);
            ps.setObject(3, to);
            ps.setLong(4, snapshotId);
            ps.setLong(5, snapshotId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String s = rs.getString(1);
                    String[] d = rs.getString(2).split(",", -1);
                    String[] v = rs.getString(3).split(",", -1);
                    for (int i = 0; i < v.length; i++) {
                        v[i] = v[i].isEmpty() ? null : trimZeros(v[i]);
                    }
                    dates.put(s, d);
                    values.put(s, v);
                }
            }
            return new PriceRows(dates, values);
        } catch (SQLException e) {
            throw new StoreException("cannot read prices", e);
        }
    }

    /** Which of {@code symbols} have at least one bar visible at snapshot {@code snapshotId}. */
    public List<String> knownAt(List<String> symbols, long snapshotId) {
        List<String> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT s FROM unnest(?::varchar[]) AS s "
                + "WHERE EXISTS (SELECT 1 FROM bar WHERE symbol = s AND " + Sql.VISIBLE_AT + ")")) {
            ps.setArray(1, c.createArrayOf("varchar", symbols.toArray()));
            ps.setLong(2, snapshotId);
            ps.setLong(3, snapshotId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("cannot check symbols", e);
        }
    }

    /** Per instrument (or only {@code symbol} when not null): first/last date and bar count visible at the snapshot. */
    public List<Extent> extents(long snapshotId, String symbol) {
        List<Extent> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT i.symbol, i.name, i.currency, "
                + "min(b.trade_date), max(b.trade_date), count(*) FROM bar b JOIN instrument i ON i.symbol = b.symbol WHERE "
                + "b.first_snapshot_id <= ? AND (b.superseded_by_snapshot_id IS NULL OR b.superseded_by_snapshot_id > ?) "
                + "AND (?::varchar IS NULL OR b.symbol = ?) GROUP BY i.symbol, i.name, i.currency ORDER BY i.symbol")) {
            ps.setLong(1, snapshotId);
            ps.setLong(2, snapshotId);
            ps.setString(3, symbol);
            ps.setString(4, symbol);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Extent(rs.getString(1), rs.getString(2), rs.getString(3), rs.getObject(4, LocalDate.class),
                            rs.getObject(5, LocalDate.class), rs.getInt(6)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("cannot read instruments", e);
        }
    }

    /** Per symbol, the newest readable snapshot in which that symbol succeeded. */
    public Map<String, Long> latestSnapshotPerSymbol() {
        Map<String, Long> out = new HashMap<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT ss.symbol, max(ss.snapshot_id) "
                + "FROM snapshot_symbol ss JOIN snapshot s ON s.id = ss.snapshot_id WHERE s.status IN ('SUCCEEDED', 'PARTIAL') "
                + "AND ss.status IN ('OK', 'UNCHANGED') GROUP BY ss.symbol");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("cannot read snapshots per symbol", e);
        }
    }

    /** Number of bar rows (all versions) stored: the storage growth measure. */
    public long barRowCount() {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM bar");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new StoreException("cannot count bars", e);
        }
    }

    /** "661.82000000" -> "661.82", "12.00000000" -> "12"; integers and null unchanged. */
    static String trimZeros(String v) {
        if (v == null || v.indexOf('.') < 0) {
            return v;
        }
        int end = v.length();
        while (v.charAt(end - 1) == '0') {
            end--;
        }
        if (v.charAt(end - 1) == '.') {
            end--;
        }
        return v.substring(0, end);
    }

    /** Refreshes the planner statistics of {@code bar} (after large writes, so price queries use the right plan). */
    public void analyze() {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("ANALYZE bar")) {
            ps.execute();
        } catch (SQLException e) {
            throw new StoreException("cannot analyze bar", e);
        }
    }

    private static List<Bar> currentBars(Connection c, String symbol, LocalDate from, LocalDate to) throws SQLException {
        List<Bar> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + BAR_COLS + " FROM bar WHERE symbol = ? AND superseded_by_snapshot_id IS NULL "
                + "AND trade_date BETWEEN ? AND ? ORDER BY trade_date")) {
            ps.setString(1, symbol);
            ps.setObject(2, from);
            ps.setObject(3, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(bar(rs));
                }
            }
        }
        return out;
    }

    private static Bar bar(ResultSet rs) throws SQLException {
        BigDecimal open = rs.getBigDecimal("open");
        return new Bar(rs.getObject("trade_date", LocalDate.class), open, rs.getBigDecimal("high"), rs.getBigDecimal("low"),
                rs.getBigDecimal("close"), rs.getBigDecimal("adj_close"), Sql.longOrNull(rs, "volume"));
    }
}
