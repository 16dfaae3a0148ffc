import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Collection;

/**
 * Same-process A/B of the engine in two benchmark jars: each jar's classes in a class loader of their own,
 * one example definition resolved by each, then their {@code calculate} timed in alternating blocks, so
 * that both see the same machine from moment to moment (on a machine whose speed moves by 1.5x within
 * minutes, two separate JMH runs cannot tell 10% apart). Prints both means and B/A.
 *
 * <pre>
 * java strategy-service/benchmarks/ab/JarAB.java level63 10 old/keel-benchmarks.jar new/keel-benchmarks.jar
 * </pre>
 * Arguments: definition name (examples/definitions), backtests per block, jar A, jar B. Run from the
 * repository root (or set -Dkeel.repo). Both are warmed up for 15 s (level63's solves side by side need
 * 5-7 s to reach their compiled steady state), then 160 blocks of each are timed.
 */
public class JarAB {

    private static Object[] load(String jar, Path repo, String definition) throws Exception {
        URLClassLoader loader = new URLClassLoader(new URL[] {Path.of(jar).toUri().toURL()},
                ClassLoader.getPlatformClassLoader());
        // the plugin registry finds the built-in plugins through this jar's service files
        Thread.currentThread().setContextClassLoader(loader);
        Object def = loader.loadClass("io.keel.engine.json.DefinitionJson").getMethod("read", Path.class)
                .invoke(null, repo.resolve("examples/definitions/" + definition + ".json"));
        Object universe = def.getClass().getMethod("universe").invoke(def);
        Object prices = loader.loadClass("io.keel.engine.data.PriceCsv")
                .getMethod("readDirectory", Path.class, Collection.class)
                .invoke(null, repo.resolve("examples/data/etf8"), universe);
        Object registry = loader.loadClass("io.keel.engine.plugin.PluginRegistry").getMethod("builtIn").invoke(null);
        Class<?> resolverClass = loader.loadClass("io.keel.engine.calc.BacktestResolver");
        Object resolver = resolverClass.getConstructor(registry.getClass()).newInstance(registry);
        Object resolved = resolverClass.getMethod("resolve", def.getClass(), prices.getClass()).invoke(resolver, def, prices);
        Method calculate = loader.loadClass("io.keel.engine.calc.BacktestCalculator")
                .getMethod("calculate", resolved.getClass());
        return new Object[] {calculate, resolved};
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: JarAB <definition> <backtests per block> <jar A> <jar B>");
            System.exit(2);
        }
        Path repo = Path.of(System.getProperty("keel.repo", "."));
        String definition = args[0];
        int perBlock = Integer.parseInt(args[1]);
        Object[] a = load(args[2], repo, definition);
        Object[] b = load(args[3], repo, definition);
        Method calcA = (Method) a[0];
        Method calcB = (Method) b[0];
        long warmUntil = System.nanoTime() + 15_000_000_000L;
        while (System.nanoTime() < warmUntil) {
            calcA.invoke(null, a[1]);
            calcB.invoke(null, b[1]);
        }
        long timeA = 0;
        long timeB = 0;
        int counted = 0;
        for (int block = 0; block < 160; block++) {
            long t0 = System.nanoTime();
            for (int r = 0; r < perBlock; r++) {
                calcA.invoke(null, a[1]);
            }
            long t1 = System.nanoTime();
            for (int r = 0; r < perBlock; r++) {
                calcB.invoke(null, b[1]);
            }
            long t2 = System.nanoTime();
            timeA += t1 - t0;
            timeB += t2 - t1;
            counted += perBlock;
        }
        System.out.printf("%s: A %.1f us, B %.1f us per backtest, B/A %.3f (%d backtests each)%n", definition,
                timeA / 1e3 / counted, timeB / 1e3 / counted, (double) timeB / timeA, counted);
    }
}
