package io.keel.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.keel.deploy.DeployFiles.KNOWN_METRICS;
import static io.keel.deploy.DeployFiles.list;
import static io.keel.deploy.DeployFiles.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/prometheus and deploy/grafana: scrape configs agree with the services' ports and paths, alert
 * rules and dashboards use only the known metrics (which in turn are meters the services' code
 * registers), every alert has a unit test firing and not firing, dashboards are valid JSON on the
 * provisioned datasource. (promtool in deploy/validate.sh checks PromQL syntax and runs the rule tests.)
 */
class ObservabilityTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> SERVICE_JOBS = Set.of("market-data-service", "strategy-service", "report-service");

    private final Path prometheus = DeployFiles.deploy("prometheus");
    private final Path grafana = DeployFiles.deploy("grafana");

    @Test
    void promqlMetricExtraction() {
        assertThat(DeployFiles.metricsOf("sum by (status) (increase(keel_snapshot_duration_seconds_count{status=~\"a|b\"}[26h])) "
                + "or on() vector(0) and on() day_of_week() >= 2"))
                .containsExactly("keel_snapshot_duration_seconds_count");
        assertThat(DeployFiles.metricsOf("histogram_quantile(0.95, sum by (le) (rate(x_bucket{instance=~\"$instance\"}[$__rate_interval]))) / up offset 1h"))
                .containsExactly("up", "x_bucket");
    }

    @Test
    void scrapeConfigsCoverTheThreeServicesOnQMetrics() {
        Map<String, Integer> ports = Map.of("market-data-service", 8081, "strategy-service", 8082, "report-service", 8083);
        for (String file : List.of("prometheus.yml", "prometheus-compose.yml")) {
            Map<String, Object> cfg = DeployFiles.loadMap(prometheus.resolve(file));
            assertThat(list(cfg.get("rule_files"), file)).containsExactly("rules/keel-alerts.yml");
            Set<String> jobs = new HashSet<>();
            for (Object sc : list(cfg.get("scrape_configs"), file)) {
                Map<String, Object> s = map(sc, file);
                String job = String.valueOf(s.get("job_name"));
                jobs.add(job);
                if (!SERVICE_JOBS.contains(job)) {
                    continue;
                }
                assertThat(s.get("metrics_path")).as("%s %s", file, job).isEqualTo("/q/metrics");
                List<String> targets = new ArrayList<>();
                for (Object st : list(s.get("static_configs"), file)) {
                    list(map(st, file).get("targets"), file).forEach(t -> targets.add(String.valueOf(t)));
                }
                assertThat(targets).as("%s %s targets", file, job).isNotEmpty()
                        .allSatisfy(t -> assertThat(t).endsWith(":" + ports.get(job)));
                if (file.equals("prometheus.yml")) {
                    assertThat(targets).allSatisfy(t -> assertThat(t).startsWith("127.0.0.1:"));
                } else {
                    Set<String> composeServices = DeployFiles.map(DeployFiles.loadMap(DeployFiles.deploy("compose/docker-compose.yml"))
                            .get("services"), "services").keySet();
                    assertThat(targets).allSatisfy(t -> assertThat(composeServices).contains(t.substring(0, t.indexOf(':'))));
                }
            }
            assertThat(jobs).as(file).containsAll(SERVICE_JOBS);
        }
        List<Object> strategyTargets = list(map(list(map(list(DeployFiles.loadMap(prometheus.resolve("prometheus-compose.yml"))
                .get("scrape_configs"), "").stream().filter(s -> "strategy-service".equals(map(s, "").get("job_name"))).findFirst()
                .orElseThrow(), "").get("static_configs"), "").get(0), "").get("targets"), "");
        assertThat(strategyTargets).as("every strategy-service replica of compose is scraped").hasSize(2);
    }

    private List<Map<String, Object>> alertRules() {
        List<Map<String, Object>> out = new ArrayList<>();
        Map<String, Object> rules = DeployFiles.loadMap(prometheus.resolve("rules/keel-alerts.yml"));
        for (Object g : list(rules.get("groups"), "groups")) {
            for (Object r : list(map(g, "group").get("rules"), "rules")) {
                out.add(map(r, "rule"));
            }
        }
        return out;
    }

    @Test
    void alertRulesUseKnownMetricsAndAreAllUnitTestedFiringAndNotFiring() {
        List<Map<String, Object>> rules = alertRules();
        Set<String> alerts = new TreeSet<>();
        for (Map<String, Object> r : rules) {
            String alert = String.valueOf(r.get("alert"));
            alerts.add(alert);
            assertThat(DeployFiles.metricsOf(String.valueOf(r.get("expr")))).as("%s: metrics", alert).isNotEmpty()
                    .isSubsetOf(KNOWN_METRICS);
            assertThat(map(r.get("labels"), alert).get("severity")).as("%s: severity", alert).isIn("critical", "warning");
            assertThat(map(r.get("annotations"), alert)).as(alert).containsKeys("summary", "description");
        }
        assertThat(alerts).contains("KeelServiceDown", "KeelNoSnapshot", "KeelMarketDataStale", "KeelRunsFailed",
                "KeelSignalOverdue", "KeelSignalMissing", "KeelSignalStale", "KeelYahooCircuitOpen");

        Map<String, Object> tests = DeployFiles.loadMap(prometheus.resolve("rules/keel-alerts.test.yml"));
        assertThat(list(tests.get("rule_files"), "rule_files")).containsExactly("keel-alerts.yml");
        Set<String> fired = new TreeSet<>();
        Set<String> quiet = new TreeSet<>();
        for (Object t : list(tests.get("tests"), "tests")) {
            for (Object a : list(map(t, "test").get("alert_rule_test"), "alert_rule_test")) {
                Map<String, Object> at = map(a, "alert_rule_test");
                (list(at.get("exp_alerts"), "exp_alerts").isEmpty() ? quiet : fired).add(String.valueOf(at.get("alertname")));
            }
        }
        assertThat(fired).as("alerts tested firing").containsAll(alerts);
        assertThat(quiet).as("alerts tested not firing").containsAll(alerts);
    }

    @Test
    void dashboardsAreValidUseTheProvisionedDatasourceAndKnownMetrics() throws Exception {
        Map<String, Object> ds = map(list(DeployFiles.loadMap(grafana.resolve("provisioning/datasources/keel-prometheus.yml"))
                .get("datasources"), "datasources").get(0), "datasource");
        String uid = String.valueOf(ds.get("uid"));
        assertThat(ds.get("type")).isEqualTo("prometheus");
        List<Path> dashboards = DeployFiles.files(grafana.resolve("dashboards"), ".json");
        assertThat(dashboards).hasSizeGreaterThanOrEqualTo(2);
        Set<String> uids = new HashSet<>();
        Set<String> used = new TreeSet<>();
        for (Path p : dashboards) {
            String name = p.getFileName().toString();
            JsonNode d = JSON.readTree(Files.readString(p));
            assertThat(uids.add(d.path("uid").asText())).as("%s: unique uid", name).isTrue();
            assertThat(d.path("title").asText()).as(name).isNotBlank();
            assertThat(d.path("panels").isArray()).as(name).isTrue();
            Set<Integer> ids = new HashSet<>();
            List<JsonNode> panels = new ArrayList<>();
            d.path("panels").forEach(panels::add);
            d.path("panels").forEach(pn -> pn.path("panels").forEach(panels::add));
            for (JsonNode panel : panels) {
                String title = name + " / " + panel.path("title").asText();
                assertThat(ids.add(panel.path("id").asInt())).as("%s: unique panel id", title).isTrue();
                assertThat(panel.path("gridPos").path("w").asInt()).as(title).isBetween(1, 24);
                if (panel.path("type").asText().equals("row")) {
                    continue;
                }
                assertThat(panel.path("datasource").path("uid").asText()).as("%s: datasource", title).isEqualTo(uid);
                assertThat(panel.path("targets").size()).as("%s: targets", title).isPositive();
                for (JsonNode t : panel.path("targets")) {
                    assertThat(t.path("datasource").path("uid").asText()).as("%s: target datasource", title).isEqualTo(uid);
                    Set<String> metrics = DeployFiles.metricsOf(t.path("expr").asText());
                    assertThat(metrics).as("%s: metrics of %s", title, t.path("expr").asText()).isNotEmpty().isSubsetOf(KNOWN_METRICS);
                    used.addAll(metrics);
                }
            }
            for (JsonNode v : d.path("templating").path("list")) {
                if (v.path("type").asText().equals("query")) {
                    assertThat(v.path("datasource").path("uid").asText()).as("%s: variable datasource", name).isEqualTo(uid);
                    assertThat(DeployFiles.metricsOf(v.path("query").path("query").asText().replaceAll("^label_values\\((.*),[^,]*\\)$", "$1")))
                            .isSubsetOf(KNOWN_METRICS);
                }
            }
        }
        // what the brief asks the dashboards to show
        assertThat(used).contains("keel_data_freshness_days", "keel_snapshot_duration_seconds_count", "keel_yahoo_requests_total",
                "keel_runs_completed_total", "keel_run_duration_seconds_bucket", "keel_signals_emitted_total",
                "keel_signals_stale_total", "keel_signal_leverage", "keel_strategy_drawdown", "http_server_requests_seconds_count",
                "keel_sweep_variants_completed_total", "keel_sweeps", "keel_sweep_variants_pending",
                "jvm_memory_used_bytes", "process_cpu_usage");
    }

    private static final Pattern METER = Pattern.compile("\"(keel(?:\\.[a-z0-9]+)+)\"");

    /**
     * Each keel_* metric the rules and dashboards rely on is a meter the services register (Micrometer's
     * Prometheus names: timers _seconds_{count,sum,bucket,max}, counters _total, gauges as is).
     */
    @Test
    void keelMetricsAreMetersOfTheServices() throws Exception {
        Path root = DeployFiles.root();
        Set<String> meters = new TreeSet<>();
        for (String module : List.of("market-data-service", "strategy-service/app", "report-service")) {
            Path src = root.resolve(module).resolve("src/main/java");
            if (!Files.isDirectory(src)) {
                continue;
            }
            for (Path java : DeployFiles.files(src, ".java")) {
                String code = Files.readString(java);
                if (!code.contains("io.micrometer")) {
                    continue;
                }
                Matcher m = METER.matcher(code);
                while (m.find()) {
                    meters.add(m.group(1).replace('.', '_'));
                }
            }
        }
        assertThat(meters).as("meters found in the services' sources").isNotEmpty();
        List<String> missing = new ArrayList<>();
        for (String metric : KNOWN_METRICS) {
            if (!metric.startsWith("keel_")) {
                continue;
            }
            String base = metric.replaceFirst("_seconds_(count|sum|bucket|max)$", "").replaceFirst("_total$", "");
            if (!meters.contains(base) && !meters.contains(metric)) {
                missing.add(metric);
            }
        }
        assertThat(missing).as("metrics of deploy/ with no meter in the services (rename in rules/dashboards or code)").isEmpty();
    }
}
