package io.keel.engine.definition;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A plugin named in a definition, with the parameters given for it.
 *
 * @param id     the plugin's stable id, e.g. {@code "hrp"}
 * @param params parameter name to JSON value; omitted parameters take the plugin's defaults
 */
public record PluginRef(String id, Map<String, Object> params) {
    public PluginRef {
        params = params == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    public static PluginRef of(String id, Map<String, Object> params) {
        return new PluginRef(id, params);
    }
}
