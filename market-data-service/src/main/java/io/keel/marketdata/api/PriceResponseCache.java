package io.keel.marketdata.api;

import io.keel.marketdata.MarketDataConfig;
import io.keel.marketdata.domain.PriceField;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rendered price-query answers, kept in memory (least recently used first out). Safe because a
 * readable snapshot never changes: the key names the snapshot by id and the time it was taken, so
 * a snapshot row re-created under a reused id (a restored or reset database) never matches an old
 * entry. Strategy runs ask the same snapshot for the same prices again and again; a hit skips
 * PostgreSQL and rendering.
 */
@ApplicationScoped
public class PriceResponseCache {

    /** Everything that determines the answer's bytes. */
    public record Key(long snapshotId, Instant snapshotTakenAt, List<String> symbols, LocalDate from, LocalDate to,
                      PriceField field, boolean csv) {
        public Key {
            symbols = List.copyOf(symbols);
        }
    }

    /** Answers larger than this are not kept (bytes). */
    static final int MAX_BODY = 16 << 20;

    private final Map<Key, byte[]> entries;
    private final int capacity;

    public PriceResponseCache(MarketDataConfig config) {
        this.capacity = Math.max(0, config.priceCache().entries());
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, byte[]> eldest) {
                return size() > PriceResponseCache.this.capacity;
            }
        };
    }

    /** The cached answer, or null. */
    public synchronized byte[] get(Key key) {
        return entries.get(key);
    }

    public synchronized void put(Key key, byte[] body) {
        if (capacity > 0 && body.length <= MAX_BODY) {
            entries.put(key, body);
        }
    }
}
