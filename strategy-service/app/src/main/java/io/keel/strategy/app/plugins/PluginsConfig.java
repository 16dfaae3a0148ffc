package io.keel.strategy.app.plugins;

import io.smallrye.config.ConfigMapping;

/** Plugins' configuration, prefix {@code keel.plugins}. */
@ConfigMapping(prefix = "keel.plugins")
public interface PluginsConfig {

    /** Directory of the third-party plugin jars (relative to the working directory, or absolute). */
    String dir();
}
