package io.keel.deploy;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Access to the repository's deploy/ files and the shared checks of the validation tests. */
final class DeployFiles {

    private DeployFiles() {
    }

    /** The repository root (system property keel.root, set by the module's Surefire configuration). */
    static Path root() {
        Path r = Path.of(System.getProperty("keel.root", "../..")).toAbsolutePath().normalize();
        if (!Files.isDirectory(r.resolve("deploy"))) {
            throw new IllegalStateException("not the repository root: " + r);
        }
        return r;
    }

    static Path deploy(String relative) {
        return root().resolve("deploy").resolve(relative);
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A YAML loader that resolves anchors and merge keys but rejects duplicate keys. */
    static Yaml yaml() {
        LoaderOptions o = new LoaderOptions();
        o.setAllowDuplicateKeys(false);
        o.setMaxAliasesForCollections(100);
        return new Yaml(new SafeConstructor(o));
    }

    /** Every YAML document of a file (null documents left out). */
    static List<Object> loadAll(Path p) {
        List<Object> out = new ArrayList<>();
        for (Object d : yaml().loadAll(read(p))) {
            if (d != null) {
                out.add(d);
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> loadMap(Path p) {
        Object o = yaml().load(read(p));
        if (!(o instanceof Map)) {
            throw new AssertionError(p + ": not a YAML mapping");
        }
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o, String where) {
        if (o == null) {
            return Map.of();
        }
        if (!(o instanceof Map)) {
            throw new AssertionError(where + ": expected a mapping, got " + o);
        }
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o, String where) {
        if (o == null) {
            return List.of();
        }
        if (!(o instanceof List)) {
            throw new AssertionError(where + ": expected a list, got " + o);
        }
        return (List<Object>) o;
    }

    static List<Path> files(Path dir, String... suffixes) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> {
                        String n = p.getFileName().toString();
                        for (String suffix : suffixes) {
                            if (n.endsWith(suffix)) {
                                return true;
                            }
                        }
                        return false;
                    })
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A token as io.keel.common.security.ApiKey.newToken() makes it: keel_ and 256 bits in URL-safe base64. */
    private static final Pattern API_KEY_TOKEN = Pattern.compile("keel_[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])");
    /** A KEEL_API_KEYS entry, name:role:sha256hex (ApiKey.parse also accepts name:role:sha256:hex). */
    private static final Pattern API_KEY_ENTRY = Pattern.compile(
            "[A-Za-z0-9._-]{1,64}:(?:viewer|operator|admin):(?:sha256:)?[0-9A-Fa-f]{64}(?![0-9A-Fa-f])");

    /** The API key tokens and entries a text holds (what they look like, not their values). */
    static List<String> literalApiKeys(String text) {
        List<String> out = new ArrayList<>();
        for (Pattern p : List.of(API_KEY_TOKEN, API_KEY_ENTRY)) {
            Matcher m = p.matcher(text);
            while (m.find()) {
                int line = (int) text.substring(0, m.start()).chars().filter(c -> c == '\n').count() + 1;
                out.add("line " + line + ": " + (p == API_KEY_TOKEN ? "a token" : "an entry"));
            }
        }
        return out;
    }

    /**
     * The API key tokens and entries in the files under a directory, as "file, line n: what", leaving out
     * build output (target/) and the files a .gitignore beside them names (the untracked .env and
     * credentials.env files that hold the real keys).
     */
    static List<String> literalApiKeys(Path dir) {
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                Path rel = dir.relativize(p);
                boolean buildOutput = false;
                for (Path part : rel) {
                    buildOutput |= part.toString().equals("target") || part.toString().equals(".git");
                }
                if (buildOutput || ignoredByGitignoreBeside(p)) {
                    continue;
                }
                String text = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
                literalApiKeys(text).forEach(f -> out.add(rel + ", " + f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Whether the .gitignore in a file's own directory names it (the exact-name lines our .gitignore files use). */
    static boolean ignoredByGitignoreBeside(Path file) {
        Path gi = file.getParent().resolve(".gitignore");
        return Files.exists(gi) && read(gi).lines().map(String::trim).anyMatch(file.getFileName().toString()::equals);
    }

    /**
     * Every metric the alert rules and dashboards may use. Keep in step with the services' Micrometer
     * meters (checked by ObservabilityTest against their sources) and with deploy/README.md.
     */
    static final Set<String> KNOWN_METRICS = Set.of(
            // Prometheus
            "up",
            // market-data-service (io.keel.marketdata.ops.MarketDataMetrics)
            "keel_data_freshness_days",
            "keel_snapshot_duration_seconds_count",
            "keel_snapshot_duration_seconds_sum",
            "keel_snapshot_rows_written_total",
            "keel_bars_rejected_total",
            "keel_bars_repaired_total",
            "keel_yahoo_requests_total",
            "keel_yahoo_circuit_state",
            // strategy-service (io.keel.strategy.app.metrics.StrategyMetrics)
            "keel_runs",
            "keel_runs_queue_depth",
            "keel_runs_completed_total",
            "keel_run_duration_seconds_bucket",
            "keel_signals_emitted_total",
            "keel_signals_stale_total",
            "keel_signals_failed_total",
            "keel_signals_day",
            "keel_signal_age_days",
            "keel_signal_leverage",
            "keel_signal_stale",
            "keel_signal_trading_days_behind",
            "keel_plugins_loaded",
            "keel_plugins_problems",
            // strategy-service sweeps (io.keel.strategy.app.metrics.SweepMetrics)
            "keel_sweeps",
            "keel_sweep_variants_pending",
            "keel_sweep_variants_completed_total",
            "keel_sweep_chunks_completed_total",
            // strategy-service portfolios and webhooks (io.keel.strategy.app.tracking.PortfolioMetrics, webhooks.WebhookDispatcher)
            "keel_portfolio_info",
            "keel_portfolio_equity",
            "keel_portfolio_expected_equity",
            "keel_portfolio_drawdown",
            "keel_portfolio_tracking_error",
            "keel_portfolio_tracking_difference",
            "keel_portfolio_tracking_error_threshold",
            "keel_portfolio_days_since_last_fill",
            "keel_portfolio_pending_orders",
            "keel_portfolio_oldest_pending_order_days",
            "keel_portfolio_unfilled_days_threshold",
            "keel_portfolio_webhook_failures",
            "keel_portfolio_webhook_failing_seconds",
            "keel_webhook_attempts_total",
            "keel_webhook_events",
            // report-service (io.keel.report.prometheus.StrategyMetrics, io.keel.report.report.ReportService)
            "keel_strategy_signal_age_days",
            "keel_strategy_signal_stale",
            "keel_strategy_signal_trading_days_behind",
            "keel_strategy_drawdown",
            "keel_strategy_sharpe_1y",
            "keel_strategy_volatility_1y",
            "keel_report_strategy_refresh_total",
            "keel_report_cache_requests_total",
            // Quarkus Micrometer binders (HTTP server, JVM, process)
            "http_server_requests_seconds_count",
            "http_server_requests_seconds_sum",
            "http_server_requests_seconds_max",
            "jvm_memory_used_bytes",
            "jvm_memory_max_bytes",
            "jvm_gc_pause_seconds_sum",
            "jvm_threads_live_threads",
            "process_cpu_usage");

    private static final Set<String> PROMQL_WORDS = Set.of(
            "by", "without", "on", "ignoring", "group_left", "group_right", "offset", "bool", "and", "or", "unless",
            "inf", "nan", "atan2", "le");

    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern GROUPING = Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern IDENT = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    /** The metric names a PromQL expression selects (a lexical approximation, enough for our expressions). */
    static Set<String> metricsOf(String expr) {
        String s = expr.replaceAll("\\$\\{[^}]*}", "1").replaceAll("\\$\\w+", "1");
        s = STRING.matcher(s).replaceAll("\"\"");
        s = s.replaceAll("\\{[^}]*}", " ");          // label matchers
        s = s.replaceAll("\\[[^\\]]*]", " ");        // ranges and subqueries
        s = GROUPING.matcher(s).replaceAll(" ");
        Set<String> out = new TreeSet<>();
        Matcher m = IDENT.matcher(s);
        while (m.find()) {
            String id = m.group();
            int end = m.end();
            while (end < s.length() && Character.isWhitespace(s.charAt(end))) {
                end++;
            }
            boolean function = end < s.length() && s.charAt(end) == '(';
            boolean partOfNumber = m.start() > 0 && (Character.isDigit(s.charAt(m.start() - 1)) || s.charAt(m.start() - 1) == '.');
            if (!function && !partOfNumber && !PROMQL_WORDS.contains(id.toLowerCase())) {
                out.add(id);
            }
        }
        return out;
    }
}
