package io.keel.deploy;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.keel.deploy.DeployFiles.list;
import static io.keel.deploy.DeployFiles.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/compose/docker-compose.yml and deploy/docker: the services are there with health checks, built
 * from the JVM Dockerfile with the module paths and ports the services really use, each gets the API
 * keys it needs (and only those) from the environment, no credential is written in the file or in any
 * other file under deploy/, and every mounted file exists. (`docker-compose config` in deploy/validate.sh
 * checks the syntax against Compose's own schema.)
 */
class ComposeTest {

    private static final Pattern VAR = Pattern.compile("\\$\\{([A-Z0-9_]+)(:?[-?])?([^}]*)}");
    /** Environment variable names that hold a credential: never a literal value, never a default. */
    static final String CREDENTIAL_VARIABLE = "(?i).*(PASSWORD|SECRET|TOKEN|_KEY).*";
    private static final List<String> API_KEY_VARIABLES = List.of("KEEL_API_KEYS", "KEEL_STRATEGY_SERVICE_KEY",
            "KEEL_REPORT_SERVICE_KEY");
    private static final Set<String> SERVICES = Set.of("postgres", "market-data-service", "strategy-service-1",
            "strategy-service-2", "report-service", "prometheus", "grafana");

    private final Path composeDir = DeployFiles.deploy("compose");
    private final Map<String, Object> compose = DeployFiles.loadMap(composeDir.resolve("docker-compose.yml"));

    private Map<String, Object> services() {
        return map(compose.get("services"), "services");
    }

    private Map<String, Object> service(String name) {
        return map(services().get(name), name);
    }

    @Test
    void allServicesArePresentWithHealthChecks() {
        assertThat(compose.get("version")).isEqualTo("3.8");
        assertThat(services().keySet()).containsExactlyInAnyOrderElementsOf(SERVICES);
        for (String name : SERVICES) {
            Map<String, Object> hc = map(service(name).get("healthcheck"), name + " healthcheck");
            assertThat(list(hc.get("test"), name + " healthcheck.test")).as("%s: healthcheck", name).isNotEmpty();
            assertThat(service(name).get("image")).as("%s: image", name).isNotNull();
        }
        assertThat(String.valueOf(service("postgres").get("image"))).startsWith("postgres:");
    }

    @Test
    void keelServicesAreBuiltFromTheJvmDockerfileWithTheirModuleAndPort() {
        Path root = DeployFiles.root();
        Map<String, String> moduleOf = Map.of("market-data-service", "market-data-service",
                "strategy-service-1", "strategy-service/app", "strategy-service-2", "strategy-service/app",
                "report-service", "report-service");
        int strategyReplicas = 0;
        for (var e : moduleOf.entrySet()) {
            Map<String, Object> svc = service(e.getKey());
            Map<String, Object> build = map(svc.get("build"), e.getKey() + " build");
            Path context = composeDir.resolve(String.valueOf(build.get("context"))).normalize();
            assertThat(context).as("%s: build context is the repository root", e.getKey()).isEqualTo(root);
            assertThat(context.resolve(String.valueOf(build.get("dockerfile")))).isRegularFile();
            Map<String, Object> args = map(build.get("args"), e.getKey() + " build.args");
            String module = String.valueOf(args.get("MODULE"));
            assertThat(module).isEqualTo(e.getValue());
            assertThat(root.resolve(module).resolve("pom.xml")).as("module %s", module).isRegularFile();
            int port = Integer.parseInt(String.valueOf(args.get("PORT")));
            assertThat(port).as("%s: PORT is the service's default HTTP port", e.getKey()).isEqualTo(defaultPort(root, module));
            assertThat(list(svc.get("ports"), e.getKey() + " ports")).as("%s: published on loopback", e.getKey())
                    .allSatisfy(p -> assertThat(String.valueOf(p)).startsWith("127.0.0.1:").endsWith(":" + port));
            Map<String, Object> dependsOn = map(svc.get("depends_on"), e.getKey() + " depends_on");
            assertThat(map(dependsOn.get("postgres"), "depends_on.postgres")).containsEntry("condition", "service_healthy");
            Map<String, Object> env = map(svc.get("environment"), e.getKey() + " environment");
            assertThat(env).containsKeys("KEEL_DB_URL", "KEEL_DB_USER", "KEEL_DB_PASSWORD", "KEEL_MARKETDATA_URL", "KEEL_STRATEGY_URL");
            if (module.startsWith("strategy-service")) {
                strategyReplicas++;
                Map<String, Object> nets = map(map(svc.get("networks"), "networks").get("default"), "networks.default");
                assertThat(list(nets.get("aliases"), "aliases")).contains("strategy-service");
            }
        }
        assertThat(strategyReplicas).as("strategy-service replicas").isGreaterThanOrEqualTo(2);
        String dockerfile = DeployFiles.read(DeployFiles.deploy("docker/Dockerfile.jvm"));
        assertThat(dockerfile).contains("FROM eclipse-temurin:17-jre", "ARG MODULE", "target/quarkus-app/", "HEALTHCHECK", "USER 10001");
        assertThat(dockerfile.lines().filter(l -> !l.startsWith("#")))
                .as("Dockerfile instructions set no credential").noneMatch(l -> l.toUpperCase().contains("PASSWORD"));
        assertThat(DeployFiles.deploy("docker/healthcheck.sh")).isExecutable();
    }

    /** quarkus.http.port=${KEEL_..._PORT:8081} of a module's application.properties. */
    private static int defaultPort(Path root, String module) {
        String props = DeployFiles.read(root.resolve(module).resolve("src/main/resources/application.properties"));
        Matcher m = Pattern.compile("(?m)^quarkus\\.http\\.port=\\$\\{[A-Z_]+:(\\d+)}").matcher(props);
        assertThat(m.find()).as("%s: quarkus.http.port", module).isTrue();
        return Integer.parseInt(m.group(1));
    }

    @Test
    void noCredentialIsWrittenInTheComposeFile() {
        Set<String> required = new TreeSet<>();
        for (var s : services().entrySet()) {
            Map<String, Object> env = map(map(s.getValue(), s.getKey()).get("environment"), s.getKey() + " environment");
            for (var e : env.entrySet()) {
                String value = String.valueOf(e.getValue());
                if (e.getKey().matches(CREDENTIAL_VARIABLE)) {
                    assertThat(value).as("%s: %s must be ${VAR:?message}, without a default", s.getKey(), e.getKey())
                            .matches("\\$\\{[A-Z0-9_]+:\\?[^}]*}");
                }
            }
        }
        String withoutComments = DeployFiles.read(composeDir.resolve("docker-compose.yml")).replaceAll("(?m)^\\s*#.*$", "");
        Matcher m = VAR.matcher(withoutComments);
        Map<String, String> vars = new LinkedHashMap<>();
        while (m.find()) {
            vars.put(m.group(1), m.group(2) == null ? "" : m.group(2));
            if (m.group(2) != null && m.group(2).endsWith("?")) {
                required.add(m.group(1));
            }
        }
        assertThat(required).contains("KEEL_DB_PASSWORD", "GRAFANA_ADMIN_PASSWORD").containsAll(API_KEY_VARIABLES);
        // .env.example names every required variable, and the real .env is ignored by git
        String example = DeployFiles.read(composeDir.resolve(".env.example"));
        for (String v : required) {
            assertThat(example).as(".env.example sets %s", v).containsPattern("(?m)^" + v + "=");
        }
        assertThat(example).doesNotContainPattern("(?m)^[A-Z_]*(PASSWORD|_KEYS?)=(?!change-me$).*$");
        for (String v : API_KEY_VARIABLES) {
            assertThat(example).as(".env.example: %s is a placeholder", v).containsPattern("(?m)^" + v + "=change-me$");
        }
        // it tells how to generate the keys, into a file git ignores
        assertThat(example).contains("io.keel.deploy.Credentials deploy/compose", "credentials.env");
        assertThat(DeployFiles.read(composeDir.resolve(".gitignore")).lines()).contains(".env", "credentials.env");
    }

    @Test
    void everyKeelServiceGetsTheApiKeysItNeedsAndNoOther() {
        String apiKeys = "${KEEL_API_KEYS:?";
        Map<String, String> serviceKeyOf = Map.of("market-data-service", "", "strategy-service-1", "KEEL_STRATEGY_SERVICE_KEY",
                "strategy-service-2", "KEEL_STRATEGY_SERVICE_KEY", "report-service", "KEEL_REPORT_SERVICE_KEY");
        for (var e : serviceKeyOf.entrySet()) {
            Map<String, Object> env = map(service(e.getKey()).get("environment"), e.getKey() + " environment");
            assertThat(String.valueOf(env.get("KEEL_API_KEYS"))).as("%s: KEEL_API_KEYS (required)", e.getKey()).startsWith(apiKeys);
            assertThat(env).as("%s: reads need a viewer key", e.getKey()).containsEntry("KEEL_READ_POLICY", "${KEEL_READ_POLICY:-viewer}");
            for (String serviceKey : List.of("KEEL_STRATEGY_SERVICE_KEY", "KEEL_REPORT_SERVICE_KEY")) {
                if (serviceKey.equals(e.getValue())) {
                    assertThat(String.valueOf(env.get(serviceKey))).as("%s: %s (required)", e.getKey(), serviceKey)
                            .startsWith("${" + serviceKey + ":?");
                } else {
                    assertThat(env).as("%s: holds no other service's token", e.getKey()).doesNotContainKey(serviceKey);
                }
            }
        }
        for (String other : List.of("postgres", "prometheus", "grafana")) {
            assertThat(map(service(other).get("environment"), other).keySet()).as("%s: no API key", other)
                    .doesNotContainAnyElementsOf(API_KEY_VARIABLES);
        }
    }

    @Test
    void noApiKeyTokenOrEntryIsWrittenInAnyFileUnderDeploy() {
        assertThat(DeployFiles.literalApiKeys(DeployFiles.root().resolve("deploy")))
                .as("API key tokens or name:role:sha256 entries in files under deploy/ (keep them in git-ignored files)")
                .isEmpty();
    }

    @Test
    void theLiteralApiKeyScanFindsTokensAndEntries() {
        String token = "keel_" + "Ab3-_".repeat(8) + "xyz";
        String entry = "ops:operator:" + "0123456789abcdef".repeat(4);
        assertThat(DeployFiles.literalApiKeys("KEEL_VIEWER_KEY='" + token + "'\n")).hasSize(1);
        assertThat(DeployFiles.literalApiKeys("KEEL_API_KEYS=" + entry + ",b:viewer:sha256:" + "ABCDEF0123456789".repeat(4)))
                .hasSize(2);
        assertThat(DeployFiles.literalApiKeys("KEEL_API_KEYS=change-me\nimage: x@sha256:" + "0123456789abcdef".repeat(4)))
                .isEmpty();
    }

    @Test
    void mountedFilesExistAndPrometheusAndGrafanaGetTheirConfiguration() {
        for (String name : List.of("prometheus", "grafana")) {
            for (Object v : list(service(name).get("volumes"), name + " volumes")) {
                String spec = String.valueOf(v);
                String source = spec.split(":")[0];
                if (source.startsWith(".")) {
                    assertThat(Files.exists(composeDir.resolve(source))).as("%s: %s exists", name, source).isTrue();
                }
            }
        }
        String prometheusVolumes = String.valueOf(service("prometheus").get("volumes"));
        assertThat(prometheusVolumes).contains("../prometheus/prometheus-compose.yml:/etc/prometheus/prometheus.yml",
                "../prometheus/rules:/etc/prometheus/rules");
        String grafanaVolumes = String.valueOf(service("grafana").get("volumes"));
        assertThat(grafanaVolumes).contains("../grafana/provisioning:/etc/grafana/provisioning");
        // the dashboards are mounted where the dashboard provider reads them
        Map<String, Object> provider = map(list(DeployFiles.loadMap(DeployFiles.deploy("grafana/provisioning/dashboards/keel.yml"))
                .get("providers"), "providers").get(0), "provider");
        String path = String.valueOf(map(provider.get("options"), "options").get("path"));
        assertThat(grafanaVolumes).contains("../grafana/dashboards:" + path);
        assertThat(map(service("grafana").get("environment"), "grafana env")).containsEntry("KEEL_PROMETHEUS_URL", "http://prometheus:9090");
    }
}
