package io.keel.strategy.app.definitions;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Definitions' configuration, prefix {@code keel.definitions}. */
@ConfigMapping(prefix = "keel.definitions")
public interface DefinitionsConfig {

    /** Whether a new definition's symbols are checked against market data's instruments. */
    @WithDefault("true")
    boolean checkSymbols();
}
