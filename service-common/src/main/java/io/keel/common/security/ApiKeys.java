package io.keel.common.security;

import jakarta.inject.Singleton;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The API keys a service accepts, read once at start from {@code keel.security.api-keys}: a
 * comma-separated list of {@code name:role:sha256hex} entries (environment variable
 * {@code KEEL_API_KEYS}, typically from a secret). A malformed entry, a duplicate name or a duplicate
 * hash fails the start, naming the entry. With no keys configured every write is refused (401), which
 * is the safe default; reads follow {@code KEEL_READ_POLICY}.
 *
 * <p>Rotation: add the new key's entry next to the old one, restart (rolling), move the callers to the
 * new token, remove the old entry, restart again. See SECURITY.md.
 */
@Singleton
public class ApiKeys {

    private static final Logger LOG = Logger.getLogger(ApiKeys.class);

    private final Map<String, ApiKey> byHash;

    @Inject
    public ApiKeys(SecurityConfig config) {
        this(config.apiKeys());
    }

    /** A registry of the keys of these {@code name:role:sha256hex} entries (blank ones skipped). */
    public ApiKeys(Optional<List<String>> entries) {
        this(entries.orElse(List.of()).stream().filter(s -> !s.isBlank()).map(ApiKey::parse).toList());
    }

    /** A registry of exactly these keys (tests, tools). */
    public ApiKeys(List<ApiKey> keys) {
        Map<String, ApiKey> map = new HashMap<>();
        Set<String> names = new HashSet<>();
        for (ApiKey k : keys) {
            if (!names.add(k.name())) {
                throw new IllegalArgumentException("API key name '" + k.name() + "' is configured twice");
            }
            if (map.put(k.sha256(), k) != null) {
                throw new IllegalArgumentException("API key '" + k.name() + "' has the same hash as another key");
            }
        }
        this.byHash = Map.copyOf(map);
        if (byHash.isEmpty()) {
            LOG.warn("no API keys configured (keel.security.api-keys / KEEL_API_KEYS): every write will be refused");
        } else {
            LOG.infof("%d API key(s) configured: %s", byHash.size(),
                    byHash.values().stream().map(k -> k.name() + "=" + k.role()).sorted().toList());
        }
    }

    /** The key whose hash matches the token, if any. */
    public Optional<ApiKey> find(String token) {
        if (token == null || token.isEmpty() || token.length() > 512) {
            return Optional.empty();
        }
        // a lookup by hash: the time it takes depends on the hash of the presented token, not on the secret
        return Optional.ofNullable(byHash.get(ApiKey.hash(token)));
    }

    public int size() {
        return byHash.size();
    }
}
