package io.keel.report.report;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.util.Optional;

/**
 * The in-process tier of {@link ReportCache}: recently served report bodies, in front of {@code report.report_cache},
 * so that a repeated read neither reads megabytes from PostgreSQL nor waits for a render slot.
 *
 * <p>Contract: an entry is served only for the exact fingerprint it was stored with ({@link #get}); a key stored again
 * under another fingerprint replaces the entry. Memory: the bodies' bytes plus {@value #OVERHEAD_BYTES} bytes per entry
 * never exceed {@code maxBytes} once a write returns (Caffeine's maintenance runs on the writing thread), and a body
 * larger than {@code maxEntryBytes} is not kept. Bodies are shared, never copied: callers must not modify them.
 */
public final class ReportMemoryCache {

    /** Estimated bytes of an entry besides its body (key, strings, record headers). */
    static final int OVERHEAD_BYTES = 256;

    private record Held(String fingerprint, ReportCache.Entry entry) {
    }

    private final Cache<ReportCache.Key, Held> cache;
    private final long maxBytes;
    private final long maxEntryBytes;

    /**
     * @param maxBytes      most bytes of all entries (bodies plus {@value #OVERHEAD_BYTES} each); 0 disables the tier
     * @param maxEntryBytes largest entry kept (bytes)
     */
    public ReportMemoryCache(long maxBytes, long maxEntryBytes) {
        if (maxBytes < 0 || maxEntryBytes < 0) {
            throw new IllegalArgumentException("memory cache sizes must be >= 0");
        }
        this.maxBytes = maxBytes;
        this.maxEntryBytes = Math.min(maxEntryBytes, maxBytes);
        this.cache = Caffeine.newBuilder().maximumWeight(maxBytes)
                .<ReportCache.Key, Held>weigher((k, h) -> weight(h.entry()))
                .executor(Runnable::run)
                .build();
    }

    private static int weight(ReportCache.Entry e) {
        return (int) Math.min(Integer.MAX_VALUE, (long) e.body().length + OVERHEAD_BYTES);
    }

    /** The body stored for {@code key}, only if it was stored with this {@code fingerprint}. */
    public Optional<ReportCache.Entry> get(ReportCache.Key key, String fingerprint) {
        Held h = cache.getIfPresent(key);
        return h != null && h.fingerprint().equals(fingerprint) ? Optional.of(h.entry()) : Optional.empty();
    }

    /** Keeps {@code entry} for {@code key} and {@code fingerprint}, replacing any other; too large an entry is dropped. */
    public void put(ReportCache.Key key, String fingerprint, ReportCache.Entry entry) {
        if (weight(entry) > maxEntryBytes) {
            cache.invalidate(key);
            return;
        }
        cache.put(key, new Held(fingerprint, entry));
    }

    /** Bytes held now (bodies plus overhead), after pending evictions. */
    public long weightedBytes() {
        cache.cleanUp();
        return cache.policy().eviction().orElseThrow().weightedSize().orElse(0);
    }

    /** Entries held now. */
    public long size() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    /** The bound of {@link #weightedBytes()}. */
    public long maxBytes() {
        return maxBytes;
    }

    /** Drops every entry (tests). */
    public void clear() {
        cache.invalidateAll();
        cache.cleanUp();
    }
}
