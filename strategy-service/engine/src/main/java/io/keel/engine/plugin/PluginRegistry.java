package io.keel.engine.plugin;

import io.keel.spi.Overlay;
import io.keel.spi.Plugin;
import io.keel.spi.WeightScheme;

import java.net.URL;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Immutable registry of weight schemes and overlays found through {@link ServiceLoader}.
 * Ids are unique across both kinds; a second plugin with an id already taken is reported as a
 * problem and skipped, so a third-party jar cannot silently replace a built-in plugin.
 */
public final class PluginRegistry {

    /** Where a plugin came from (the jar or directory holding its class). */
    public record Entry(Plugin plugin, String kind, String source) {
    }

    private final Map<String, Entry> entries;
    private final List<String> problems;

    private PluginRegistry(Map<String, Entry> entries, List<String> problems) {
        this.entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        this.problems = List.copyOf(problems);
    }

    /** The built-in plugins (those visible to this module's class loader). */
    public static PluginRegistry builtIn() {
        return load(PluginRegistry.class.getClassLoader());
    }

    /**
     * Every plugin visible to {@code loader}. Broken providers (missing classes, failing
     * constructors) are recorded in {@link #problems()} and skipped, never fatal.
     */
    public static PluginRegistry load(ClassLoader loader) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        collect(ServiceLoader.load(WeightScheme.class, loader), "weight-scheme", entries, problems);
        collect(ServiceLoader.load(Overlay.class, loader), "overlay", entries, problems);
        return new PluginRegistry(entries, problems);
    }

    private static <T extends Plugin> void collect(ServiceLoader<T> loader, String kind,
                                                   Map<String, Entry> entries, List<String> problems) {
        var it = loader.stream().iterator();
        while (true) {
            ServiceLoader.Provider<T> provider;
            try {
                if (!it.hasNext()) {
                    break;
                }
                provider = it.next();
            } catch (ServiceConfigurationError | LinkageError e) {
                problems.add(kind + ": " + e.getMessage());
                continue;
            }
            try {
                T plugin = provider.get();
                String id = plugin.id();
                if (id == null || !id.matches("[a-z0-9][a-z0-9.-]{0,63}")) {
                    problems.add(kind + " " + provider.type().getName() + ": invalid id '" + id + "'");
                    continue;
                }
                plugin.parameters();
                Entry existing = entries.get(id);
                if (existing != null) {
                    problems.add(kind + " " + provider.type().getName() + " from " + source(provider.type())
                            + ": id '" + id + "' already taken by " + existing.plugin().getClass().getName()
                            + " from " + existing.source());
                    continue;
                }
                entries.put(id, new Entry(plugin, kind, source(provider.type())));
            } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                problems.add(kind + " " + provider.type().getName() + ": " + e);
            }
        }
    }

    private static String source(Class<?> type) {
        CodeSource cs = type.getProtectionDomain().getCodeSource();
        URL url = cs == null ? null : cs.getLocation();
        return url == null ? "unknown" : url.toString();
    }

    public Optional<WeightScheme> weightScheme(String id) {
        Entry e = entries.get(id);
        return e != null && e.plugin() instanceof WeightScheme ws ? Optional.of(ws) : Optional.empty();
    }

    public Optional<Overlay> overlay(String id) {
        Entry e = entries.get(id);
        return e != null && e.plugin() instanceof Overlay o ? Optional.of(o) : Optional.empty();
    }

    /** All plugins, weight schemes first, in discovery order. */
    public List<Entry> entries() {
        return List.copyOf(entries.values());
    }

    /** Providers that could not be loaded, with the reason. */
    public List<String> problems() {
        return problems;
    }
}
