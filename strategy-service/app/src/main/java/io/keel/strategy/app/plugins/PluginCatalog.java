package io.keel.strategy.app.plugins;

import io.keel.engine.plugin.PluginRegistry;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The plugins this node runs definitions with: the built-in ones plus every {@code *.jar} in
 * {@code keel.plugins.dir}, found through {@link java.util.ServiceLoader} by a class loader over
 * those jars (parent: the application's, so plugins see the SPI and the engine).
 *
 * <p>Each jar is first probed on its own: a jar that cannot be opened, or any of whose providers
 * fails to load (missing class, failing constructor, invalid or duplicate id), is reported in
 * {@link Loaded#problems()} and skipped as a whole; it never prevents the service from starting.
 * The loaded registry is immutable; {@link #reload()} swaps it atomically.
 */
@Startup
@ApplicationScoped
public class PluginCatalog {

    private static final Logger LOG = Logger.getLogger(PluginCatalog.class);

    /** One load of the plugins: the registry, the jars used, what was skipped and why. */
    public record Loaded(PluginRegistry registry, Path directory, List<String> jars, List<String> problems,
                         Instant loadedAt) {
        public Loaded {
            jars = List.copyOf(jars);
            problems = List.copyOf(problems);
        }
    }

    @Inject
    PluginsConfig config;

    private volatile Loaded loaded;
    private URLClassLoader current;

    @PostConstruct
    void init() {
        reload();
    }

    /** The current registry (never null after start). */
    public PluginRegistry registry() {
        return loaded.registry();
    }

    public Loaded loaded() {
        return loaded;
    }

    /** Rescans the plugins directory and replaces the registry; returns the new state. */
    public synchronized Loaded reload() {
        ClassLoader parent = PluginRegistry.class.getClassLoader();
        Path dir = Path.of(config.dir()).toAbsolutePath().normalize();
        List<String> problems = new ArrayList<>();
        Set<String> builtInProblems = new HashSet<>(PluginRegistry.load(parent).problems());
        problems.addAll(builtInProblems);
        List<URL> good = new ArrayList<>();
        List<String> jars = new ArrayList<>();
        for (Path jar : jars(dir, problems)) {
            String problem = probe(jar, parent, builtInProblems);
            if (problem != null) {
                problems.add(jar.getFileName() + ": " + problem + " (jar skipped)");
                LOG.warnf("plugin jar %s skipped: %s", jar, problem);
                continue;
            }
            try {
                good.add(jar.toUri().toURL());
                jars.add(jar.toString());
            } catch (MalformedURLException e) {
                problems.add(jar.getFileName() + ": " + e.getMessage());
            }
        }
        URLClassLoader loader = new URLClassLoader("keel-plugins", good.toArray(URL[]::new), parent);
        PluginRegistry registry = PluginRegistry.load(loader);
        for (String p : registry.problems()) {
            if (!builtInProblems.contains(p)) {
                problems.add(p);
            }
        }
        URLClassLoader previous = current;
        current = loader;
        loaded = new Loaded(registry, dir, jars, problems, Instant.now());
        LOG.infof("plugins: %d loaded (%d from %d jar(s) in %s), %d problem(s)", registry.entries().size(),
                registry.entries().stream().filter(e -> jars.stream().anyMatch(j -> e.source().endsWith(Path.of(j).getFileName().toString()))).count(),
                jars.size(), dir, problems.size());
        if (previous != null) {
            // definitions running now keep their plugin instances; the old loader is only dropped
            LOG.debug("previous plugin class loader released");
        }
        return loaded;
    }

    private static List<Path> jars(Path dir, List<String> problems) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException e) {
            LOG.warnf("cannot list plugins directory %s: %s", dir, e.getMessage());
            problems.add("the plugins directory cannot be listed");
            return List.of();
        }
    }

    /** Null when the jar opens and every provider it declares loads; otherwise why not. */
    private static String probe(Path jar, ClassLoader parent, Set<String> builtInProblems) {
        try (JarFile jf = new JarFile(jar.toFile())) {
            if (jf.getEntry("META-INF/services/io.keel.spi.WeightScheme") == null
                    && jf.getEntry("META-INF/services/io.keel.spi.Overlay") == null) {
                return "declares no io.keel.spi.WeightScheme or io.keel.spi.Overlay provider in META-INF/services";
            }
        } catch (IOException | SecurityException e) {
            LOG.warnf("plugin jar %s cannot be read: %s", jar, e.getMessage());
            return "not a readable jar";
        }
        try (URLClassLoader probe = new URLClassLoader(new URL[]{jar.toUri().toURL()}, parent)) {
            List<String> mine = new ArrayList<>();
            for (String p : PluginRegistry.load(probe).problems()) {
                if (!builtInProblems.contains(p)) {
                    mine.add(p);
                }
            }
            return mine.isEmpty() ? null : String.join("; ", mine);
        } catch (IOException | RuntimeException | LinkageError e) {
            LOG.warnf(e, "plugin jar %s cannot be loaded", jar);
            return "its providers cannot be loaded: " + e.getMessage();
        }
    }
}
