package io.keel.report.report;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Rendered reports in {@code report.report_cache}, with the recently served ones also in memory
 * ({@link ReportMemoryCache}, {@code keel.report.memory-cache.max-bytes}). A run's outputs are immutable, so a report is
 * rendered once per key; an entry, in either tier, is served only while the run's
 * {@link io.keel.report.strategy.StrategyRun#fingerprint()} is the one it was rendered from, and replaced otherwise.
 */
@ApplicationScoped
public class ReportCache {

    /**
     * What a cached report is keyed by.
     *
     * @param runId   run id
     * @param format  {@code json}, {@code csv} or {@code html}
     * @param variant layout and parameters, e.g. {@code seed} or {@code rf=0.0}
     * @param version report layout version (bumped to invalidate every entry of older code)
     */
    public record Key(long runId, String format, String variant, int version) {
    }

    /** A cached body and its media type. */
    public record Entry(byte[] body, String contentType) {
    }

    @Inject
    DataSource dataSource;

    @Inject
    ReportConfig config;
    @Inject
    io.micrometer.core.instrument.MeterRegistry registry;

    private ReportMemoryCache memory;

    @jakarta.annotation.PostConstruct
    void init() {
        memory = new ReportMemoryCache(config.memoryCache().maxBytes().asLongValue(),
                config.memoryCache().maxEntryBytes().asLongValue());
        io.micrometer.core.instrument.Gauge.builder("keel.report.memory.cache.bytes", memory, ReportMemoryCache::weightedBytes)
                .description("bytes of rendered reports held in memory (bound: keel.report.memory-cache.max-bytes)")
                .baseUnit("bytes").register(registry);
    }

    /** The in-memory tier (its size and bound are reported on {@code /q/metrics}; tests clear it). */
    public ReportMemoryCache memory() {
        return memory;
    }

    /** The entry, from memory only: no database read (what a request may do without a report slot). */
    public Optional<Entry> inMemory(Key key, String fingerprint) {
        return memory.get(key, fingerprint);
    }

    /** The entry from memory, else from {@code report.report_cache} (then kept in memory too). */
    public Optional<Entry> get(Key key, String fingerprint) {
        Optional<Entry> m = memory.get(key, fingerprint);
        return m.isPresent() ? m : stored(key, fingerprint);
    }

    /** The entry from {@code report.report_cache} only (then kept in memory too). */
    public Optional<Entry> stored(Key key, String fingerprint) {
        Optional<Entry> e = read(key, fingerprint);
        e.ifPresent(entry -> memory.put(key, fingerprint, entry));
        return e;
    }

    private Optional<Entry> read(Key key, String fingerprint) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT body, content_type FROM report.report_cache "
                     + "WHERE run_id = ? AND format = ? AND variant = ? AND version = ? AND fingerprint = ?")) {
            bind(ps, key);
            ps.setString(5, fingerprint);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Entry(rs.getBytes(1), rs.getString(2))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("report cache read failed", e);
        }
    }

    /** Stores the entry in {@code report.report_cache} (an upsert) and in memory. */
    public void put(Key key, String fingerprint, Entry entry) {
        memory.put(key, fingerprint, entry);
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO report.report_cache (run_id, format, variant, version, fingerprint, "
                     + "content_type, body) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (run_id, format, variant, version) DO UPDATE "
                     + "SET fingerprint = EXCLUDED.fingerprint, content_type = EXCLUDED.content_type, body = EXCLUDED.body, created_at = now()")) {
            bind(ps, key);
            ps.setString(5, fingerprint);
            ps.setString(6, entry.contentType());
            ps.setBytes(7, entry.body());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("report cache write failed", e);
        }
    }

    /**
     * Writes {@code body} as {@link #put} does, in a transaction that is rolled back: nothing is stored. The first write
     * of a large body after a start (statement preparation, the driver's binary encoding) is paid here instead of by
     * the first report ({@link ReportWarmup}).
     */
    void writeRolledBack(byte[] body) {
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO report.report_cache (run_id, format, variant, version, fingerprint, "
                    + "content_type, body) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (run_id, format, variant, version) DO UPDATE "
                    + "SET fingerprint = EXCLUDED.fingerprint, content_type = EXCLUDED.content_type, body = EXCLUDED.body, created_at = now()")) {
                bind(ps, new Key(0, "csv", "warm-up", ReportService.REPORT_VERSION));
                ps.setString(5, "warm-up");
                ps.setString(6, "text/csv");
                ps.setBytes(7, body);
                ps.executeUpdate();
            } finally {
                c.rollback();
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("report cache warm-up write failed", e);
        }
    }

    /** Number of cached entries of a run (all formats and variants). */
    public int count(long runId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM report.report_cache WHERE run_id = ?")) {
            ps.setLong(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("report cache read failed", e);
        }
    }

    private static void bind(PreparedStatement ps, Key key) throws SQLException {
        ps.setLong(1, key.runId());
        ps.setString(2, key.format());
        ps.setString(3, key.variant());
        ps.setInt(4, key.version());
    }
}
