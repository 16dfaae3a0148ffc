package io.keel.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.keel.deploy.DeployFiles.list;
import static io.keel.deploy.DeployFiles.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/k8s: every manifest parses into the fabric8 Kubernetes model with no field the model does not
 * know, every kustomization reference resolves, and the deployments follow the suite's rules (probes,
 * resources, non-root, strategy-service replicas >= 2, Services and scrape annotations that match).
 */
class KubernetesManifestsTest {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true);

    /** kind -> (apiVersion, model class) of the kinds the manifests may use. */
    private static final Map<String, Map.Entry<String, Class<? extends HasMetadata>>> KINDS = Map.of(
            "Deployment", Map.entry("apps/v1", Deployment.class),
            "Service", Map.entry("v1", Service.class),
            "ConfigMap", Map.entry("v1", ConfigMap.class),
            "Secret", Map.entry("v1", Secret.class),
            "Namespace", Map.entry("v1", Namespace.class),
            "PodDisruptionBudget", Map.entry("policy/v1", PodDisruptionBudget.class),
            "ServiceMonitor", Map.entry("monitoring.coreos.com/v1", ServiceMonitor.class));

    private static final Set<String> KUSTOMIZATION_FIELDS = Set.of(
            "apiVersion", "kind", "namespace", "namePrefix", "nameSuffix", "labels", "commonLabels", "commonAnnotations",
            "resources", "components", "configMapGenerator", "secretGenerator", "generatorOptions", "images", "patches",
            "replicas");

    private static final Map<String, Integer> SERVICE_PORTS = Map.of(
            "market-data-service", 8081, "strategy-service", 8082, "report-service", 8083);

    private final Path k8s = DeployFiles.deploy("k8s");

    /** Parses a manifest document strictly: a known kind, its apiVersion, no unknown field anywhere. */
    static HasMetadata parse(Object document, String where) {
        Map<String, Object> m = map(document, where);
        String kind = String.valueOf(m.get("kind"));
        var known = KINDS.get(kind);
        assertThat(known).as("%s: kind %s is not one the validation knows (add it to KINDS)", where, kind).isNotNull();
        assertThat(m.get("apiVersion")).as("%s: apiVersion of %s", where, kind).isEqualTo(known.getKey());
        HasMetadata r;
        try {
            r = JSON.convertValue(m, known.getValue());
        } catch (IllegalArgumentException e) {
            throw new AssertionError(where + ": does not parse as " + kind + ": " + e.getMessage(), e);
        }
        List<String> unknown = new ArrayList<>();
        unknownFields(r, kind, unknown, new IdentityHashMap<>());
        assertThat(unknown).as("%s: fields the Kubernetes model does not know", where).isEmpty();
        assertThat(r.getMetadata()).as("%s: metadata", where).isNotNull();
        assertThat(r.getMetadata().getName()).as("%s: metadata.name", where).isNotBlank();
        return r;
    }

    /** fabric8 model classes keep unknown fields in getAdditionalProperties(): any entry there is a typo. */
    private static void unknownFields(Object o, String path, List<String> out, IdentityHashMap<Object, Boolean> seen) {
        if (o == null || o instanceof String || o instanceof Number || o instanceof Boolean || o instanceof Enum<?>
                || seen.put(o, Boolean.TRUE) != null) {
            return;
        }
        if (o instanceof Collection<?> c) {
            int i = 0;
            for (Object e : c) {
                unknownFields(e, path + "[" + i++ + "]", out, seen);
            }
            return;
        }
        if (o instanceof Map<?, ?> m) {
            for (var e : m.entrySet()) {
                unknownFields(e.getValue(), path + "." + e.getKey(), out, seen);
            }
            return;
        }
        if (!o.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method g : o.getClass().getMethods()) {
            if (g.getParameterCount() != 0 || Modifier.isStatic(g.getModifiers()) || g.getDeclaringClass() == Object.class) {
                continue;
            }
            String n = g.getName();
            if (!n.startsWith("get") || n.equals("getClass")) {
                continue;
            }
            Object v;
            try {
                v = g.invoke(o);
            } catch (ReflectiveOperationException | RuntimeException e) {
                continue;
            }
            if (n.equals("getAdditionalProperties")) {
                if (v instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    out.add(path + ": " + extra.keySet());
                }
                continue;
            }
            unknownFields(v, path + "." + Character.toLowerCase(n.charAt(3)) + n.substring(4), out, seen);
        }
    }

    private List<Path> kustomizations() {
        return DeployFiles.files(k8s, "kustomization.yaml");
    }

    /** Every manifest of a kustomization tree (its resources, recursively), parsed. */
    private List<HasMetadata> resourcesOf(Path kustomizationDir) {
        List<HasMetadata> out = new ArrayList<>();
        Map<String, Object> kz = DeployFiles.loadMap(kustomizationDir.resolve("kustomization.yaml"));
        for (Object r : list(kz.get("resources"), kustomizationDir + " resources")) {
            Path p = kustomizationDir.resolve(String.valueOf(r)).normalize();
            if (Files.isDirectory(p)) {
                out.addAll(resourcesOf(p));
            } else {
                for (Object doc : DeployFiles.loadAll(p)) {
                    out.add(parse(doc, k8s.relativize(p).toString()));
                }
            }
        }
        return out;
    }

    private static boolean ignoredByGit(Path file) {
        Path gi = file.getParent().resolve(".gitignore");
        return Files.exists(gi) && DeployFiles.read(gi).lines().map(String::trim).anyMatch(file.getFileName().toString()::equals);
    }

    @Test
    void kustomizationsOnlyUseKnownFieldsAndTheirReferencesResolve() {
        assertThat(kustomizations()).as("kustomization.yaml files").extracting(p -> k8s.relativize(p).toString())
                .contains("base/kustomization.yaml", "overlays/local/kustomization.yaml");
        for (Path kf : kustomizations()) {
            Path dir = kf.getParent();
            String where = k8s.relativize(kf).toString();
            Map<String, Object> kz = DeployFiles.loadMap(kf);
            assertThat(kz.keySet()).as("%s: fields", where).isSubsetOf(KUSTOMIZATION_FIELDS);
            assertThat(kz.get("apiVersion")).as(where).isEqualTo("kustomize.config.k8s.io/v1beta1");
            assertThat(kz.get("kind")).as(where).isEqualTo("Kustomization");
            for (Object r : list(kz.get("resources"), where)) {
                Path p = dir.resolve(String.valueOf(r)).normalize();
                assertThat(Files.isRegularFile(p) || Files.isRegularFile(p.resolve("kustomization.yaml")))
                        .as("%s: resource %s exists", where, r).isTrue();
            }
            for (Object patch : list(kz.get("patches"), where)) {
                Map<String, Object> pm = map(patch, where + " patch");
                assertThat(pm.keySet()).as("%s: patch fields", where).isSubsetOf(Set.of("path", "patch", "target", "options"));
                if (pm.get("path") != null) {
                    assertThat(dir.resolve(String.valueOf(pm.get("path")))).as("%s: patch file", where).isRegularFile();
                }
            }
            for (String gen : List.of("configMapGenerator", "secretGenerator")) {
                for (Object g : list(kz.get(gen), where)) {
                    Map<String, Object> gm = map(g, where + " " + gen);
                    assertThat(gm.keySet()).as("%s: %s fields", where, gen)
                            .isSubsetOf(Set.of("name", "behavior", "literals", "envs", "files", "options", "type"));
                    for (String key : List.of("envs", "files")) {
                        for (Object f : list(gm.get(key), where)) {
                            String file = String.valueOf(f).replaceFirst("^[^=]+=", "");
                            Path p = dir.resolve(file);
                            if (gen.equals("secretGenerator")) {
                                // secrets come from untracked files: the file must be git-ignored and have an .example
                                assertThat(ignoredByGit(p)).as("%s: %s is listed in .gitignore", where, file).isTrue();
                                assertThat(p.resolveSibling(p.getFileName() + ".example")).as("%s: example of %s", where, file)
                                        .isRegularFile();
                            } else {
                                assertThat(p).as("%s: %s", where, file).isRegularFile();
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void everyManifestParsesStrictlyIntoTheKubernetesModel() {
        int parsed = 0;
        for (Path kf : kustomizations()) {
            parsed += resourcesOf(kf.getParent()).size();
        }
        assertThat(parsed).isGreaterThanOrEqualTo(9);
        HasMetadata template = parse(DeployFiles.loadAll(k8s.resolve("secret-template.yaml")).get(0), "secret-template.yaml");
        assertThat(((Secret) template).getStringData()).as("secret-template.yaml holds no value")
                .containsOnlyKeys("KEEL_DB_USER", "KEEL_DB_PASSWORD").allSatisfy((k, v) -> assertThat(v).isEmpty());
    }

    @Test
    void strictParsingRejectsAnUnknownField() {
        Map<String, Object> bad = new LinkedHashMap<>(Map.of("apiVersion", "v1", "kind", "Service",
                "metadata", Map.of("name", "x"), "spec", Map.of("selector", Map.of("a", "b"), "portz", List.of())));
        try {
            parse(bad, "bad");
        } catch (AssertionError expected) {
            assertThat(expected).hasMessageContaining("portz");
            return;
        }
        throw new AssertionError("an unknown field was accepted");
    }

    @Test
    void deploymentsHaveProbesResourcesAndMatchingServices() {
        List<HasMetadata> base = resourcesOf(k8s.resolve("base"));
        Map<String, Deployment> deployments = new LinkedHashMap<>();
        Map<String, Service> services = new LinkedHashMap<>();
        for (HasMetadata r : base) {
            if (r instanceof Deployment d) {
                deployments.put(d.getMetadata().getName(), d);
            } else if (r instanceof Service s) {
                services.put(s.getMetadata().getName(), s);
            }
        }
        assertThat(deployments.keySet()).containsExactlyInAnyOrderElementsOf(SERVICE_PORTS.keySet());
        assertThat(services.keySet()).containsExactlyInAnyOrderElementsOf(SERVICE_PORTS.keySet());

        for (Deployment d : deployments.values()) {
            String name = d.getMetadata().getName();
            var pod = d.getSpec().getTemplate();
            assertThat(d.getSpec().getSelector().getMatchLabels()).as(name).isNotEmpty();
            assertThat(pod.getMetadata().getLabels()).as("%s: pod labels include the selector", name)
                    .containsAllEntriesOf(d.getSpec().getSelector().getMatchLabels());
            assertThat(pod.getSpec().getSecurityContext().getRunAsNonRoot()).as("%s: runAsNonRoot", name).isTrue();
            int port = SERVICE_PORTS.get(name);
            var annotations = pod.getMetadata().getAnnotations();
            assertThat(annotations).as("%s: Prometheus scrape annotations", name)
                    .containsEntry("prometheus.io/scrape", "true")
                    .containsEntry("prometheus.io/path", "/q/metrics")
                    .containsEntry("prometheus.io/port", String.valueOf(port));
            assertThat(pod.getSpec().getContainers()).as(name).isNotEmpty();
            for (Container c : pod.getSpec().getContainers()) {
                String where = name + "/" + c.getName();
                assertThat(c.getImage()).as(where).isNotBlank();
                assertThat(c.getPorts()).as("%s: port %d", where, port)
                        .anySatisfy(p -> assertThat(p.getContainerPort()).isEqualTo(port));
                assertProbe(c.getReadinessProbe(), "/q/health/ready", c, where + " readiness");
                assertProbe(c.getLivenessProbe(), "/q/health/live", c, where + " liveness");
                ResourceRequirements res = c.getResources();
                assertThat(res).as("%s: resources", where).isNotNull();
                for (String k : List.of("cpu", "memory")) {
                    assertThat(res.getRequests()).as("%s: requests.%s", where, k).containsKey(k);
                    assertThat(res.getLimits()).as("%s: limits.%s", where, k).containsKey(k);
                    assertThat(Quantity.getAmountInBytes(res.getLimits().get(k)))
                            .as("%s: limits.%s >= requests.%s", where, k, k)
                            .isGreaterThanOrEqualTo(Quantity.getAmountInBytes(res.getRequests().get(k)));
                }
                assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).as(where).isFalse();
                // no credential as a literal value: only from Secret references
                c.getEnv().stream().filter(e -> e.getName().matches("(?i).*(PASSWORD|SECRET|TOKEN).*"))
                        .forEach(e -> assertThat(e.getValueFrom()).as("%s: %s comes from a Secret", where, e.getName()).isNotNull());
            }
            Service s = services.get(name);
            assertThat(d.getSpec().getSelector().getMatchLabels()).as("%s: Service selector matches the pods", name)
                    .containsAllEntriesOf(s.getSpec().getSelector());
            ServicePort sp = s.getSpec().getPorts().get(0);
            assertThat(sp.getPort()).as(name).isEqualTo(port);
            assertThat(sp.getName()).as("%s: the ServiceMonitor scrapes the port named http", name).isEqualTo("http");
        }
        assertThat(deployments.get("strategy-service").getSpec().getReplicas())
                .as("strategy-service runs as a Quartz cluster of 2 or more").isGreaterThanOrEqualTo(2);
        assertThat(base).filteredOn(r -> r instanceof PodDisruptionBudget).singleElement()
                .satisfies(r -> assertThat(((PodDisruptionBudget) r).getSpec().getSelector().getMatchLabels())
                        .containsEntry("app.kubernetes.io/name", "strategy-service"));
        ServiceMonitor sm = (ServiceMonitor) base.stream().filter(r -> r instanceof ServiceMonitor).findFirst()
                .orElseThrow(() -> new AssertionError("no ServiceMonitor in base"));
        assertThat(sm.getSpec().getJobLabel()).isEqualTo("app.kubernetes.io/name");
        assertThat(sm.getSpec().getEndpoints()).allSatisfy(e -> {
            assertThat(e.getPath()).isEqualTo("/q/metrics");
            assertThat(e.getPort()).isEqualTo("http");
        });
        for (Service s : services.values()) {
            assertThat(s.getMetadata().getLabels()).as("%s: selected by the ServiceMonitor", s.getMetadata().getName())
                    .containsAllEntriesOf(sm.getSpec().getSelector().getMatchLabels())
                    .containsEntry("app.kubernetes.io/name", s.getMetadata().getName());
        }
    }

    private static void assertProbe(Probe p, String path, Container c, String where) {
        assertThat(p).as(where).isNotNull();
        assertThat(p.getHttpGet()).as(where + " httpGet").isNotNull();
        assertThat(p.getHttpGet().getPath()).as(where + " path").isEqualTo(path);
        var port = p.getHttpGet().getPort();
        if (port.getStrVal() != null) {
            assertThat(c.getPorts()).as(where + " named port " + port.getStrVal())
                    .anySatisfy(cp -> assertThat(cp.getName()).isEqualTo(port.getStrVal()));
        }
    }

    @Test
    void configAndSecretReferencesAreProvided() {
        Map<String, Object> base = DeployFiles.loadMap(k8s.resolve("base/kustomization.yaml"));
        List<String> configMaps = list(base.get("configMapGenerator"), "base").stream()
                .map(g -> String.valueOf(map(g, "base").get("name"))).toList();
        assertThat(configMaps).contains("keel-config");
        String literals = String.valueOf(map(list(base.get("configMapGenerator"), "base").get(0), "base").get("literals"));
        assertThat(literals).contains("KEEL_DB_URL=", "KEEL_MARKETDATA_URL=http://market-data-service:8081",
                "KEEL_STRATEGY_URL=http://strategy-service:8082").doesNotContainIgnoringCase("password");
        Map<String, Object> local = DeployFiles.loadMap(k8s.resolve("overlays/local/kustomization.yaml"));
        assertThat(list(local.get("secretGenerator"), "local")).extracting(g -> map(g, "local").get("name")).contains("keel-db");
        for (HasMetadata r : resourcesOf(k8s.resolve("base"))) {
            if (r instanceof Deployment d) {
                for (Container c : d.getSpec().getTemplate().getSpec().getContainers()) {
                    c.getEnvFrom().forEach(e -> assertThat(e.getConfigMapRef().getName()).isIn(configMaps));
                    c.getEnv().stream().filter(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
                            .forEach(e -> assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("keel-db"));
                }
            }
        }
        // the example secrets file holds no real password
        assertThat(DeployFiles.read(k8s.resolve("overlays/local/secrets.env.example"))).contains("KEEL_DB_PASSWORD=change-me");
    }

    @Test
    void jsonPatchesOfTheOverlayPointIntoEveryTargetedDeployment() throws Exception {
        Path dir = k8s.resolve("overlays/local");
        Map<String, Object> kz = DeployFiles.loadMap(dir.resolve("kustomization.yaml"));
        List<Deployment> deployments = resourcesOf(k8s.resolve("base")).stream()
                .filter(r -> r instanceof Deployment).map(r -> (Deployment) r).toList();
        for (Object p : list(kz.get("patches"), "local patches")) {
            Map<String, Object> pm = map(p, "patch");
            Object ops = DeployFiles.yaml().load(DeployFiles.read(dir.resolve(String.valueOf(pm.get("path")))));
            assertThat(map(pm.get("target"), "target").get("kind")).isEqualTo("Deployment");
            for (Object op : list(ops, "JSON 6902 patch")) {
                Map<String, Object> o = map(op, "op");
                assertThat(o.get("op")).isIn("add", "remove", "replace", "test", "copy", "move");
                String path = String.valueOf(o.get("path"));
                for (Deployment d : deployments) {
                    JsonNode tree = JSON.valueToTree(d);
                    String existing = "add".equals(o.get("op")) ? path.substring(0, path.lastIndexOf('/')) : path;
                    assertThat(tree.at(existing).isMissingNode()).as("%s: %s exists in %s", pm.get("path"), existing,
                            d.getMetadata().getName()).isFalse();
                }
            }
        }
    }
}
