package io.keel.common.security;

import io.smallrye.config.ConfigMapping;

import java.util.List;
import java.util.Optional;

/** The services' API keys, prefix {@code keel.security}. */
@ConfigMapping(prefix = "keel.security")
public interface SecurityConfig {

    /**
     * The accepted keys, {@code name:role:sha256hex} each (see {@link ApiKeys}); empty: no key is
     * accepted.
     */
    Optional<List<String>> apiKeys();
}
