package io.keel.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The PromQL the deployment ships: every target of every panel of deploy/grafana/dashboards (rows' nested panels
 * included) and every alert expression of deploy/prometheus/rules/keel-alerts.yml, ready to send to Prometheus's
 * query API (Grafana's variables replaced by what a dashboard opened on "All" and a short range would use).
 */
final class PanelQueries {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern METRIC = Pattern.compile("\\b([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*(\\{|\\[|\\)|$|\\s|offset|>|<|=|!|\\*|/|\\+|-)");
    private static final java.util.Set<String> WORDS = java.util.Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
            "and", "or", "unless", "offset", "bool", "le", "sum", "max", "min", "avg", "count", "rate", "increase", "vector", "scalar",
            "histogram_quantile", "day_of_week", "status", "definition", "portfolio", "outcome", "source", "symbol", "instance", "job",
            "result", "area", "uri", "inf", "nan");

    private PanelQueries() {
    }

    /** One query: where it comes from and its PromQL (variables substituted). */
    record Query(String source, String title, String expr) {
        String key() {
            return source + " / " + title;
        }
    }

    static List<Query> panels(Path dashboards) throws IOException {
        List<Query> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dashboards)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                JsonNode d = JSON.readTree(f.toFile());
                walk(d.path("panels"), f.getFileName().toString(), out);
            }
        }
        return out;
    }

    private static void walk(JsonNode panels, String dashboard, List<Query> out) {
        for (JsonNode p : panels) {
            walk(p.path("panels"), dashboard, out);
            for (JsonNode t : p.path("targets")) {
                String expr = t.path("expr").asText("");
                if (!expr.isBlank()) {
                    out.add(new Query(dashboard, p.path("title").asText() + " [" + t.path("refId").asText() + "]", substitute(expr)));
                }
            }
        }
    }

    /** Grafana's variables as a dashboard on "All" over the last minutes uses them. */
    static String substitute(String expr) {
        return expr.replace("$__rate_interval", "2m").replace("$__interval", "30s").replace("$__range", "1h")
                .replace("=~\"$instance\"", "=~\".*\"").replace("$instance", ".*");
    }

    /** The alert rules' expressions: "expr: ..." on one line, or "expr: |" and the lines indented below it. */
    static List<Query> alerts(Path rules) throws IOException {
        List<String> lines = Files.readAllLines(rules);
        List<Query> out = new ArrayList<>();
        String alert = null;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            String t = l.strip();
            if (t.startsWith("- alert:")) {
                alert = t.substring("- alert:".length()).strip();
            } else if (t.startsWith("expr:") && alert != null) {
                String rest = t.substring("expr:".length()).strip();
                if (rest.equals("|") || rest.equals("|-") || rest.equals(">")) {
                    int indent = l.indexOf("expr:");
                    StringBuilder b = new StringBuilder();
                    while (i + 1 < lines.size() && (lines.get(i + 1).isBlank()
                            || lines.get(i + 1).length() - lines.get(i + 1).stripLeading().length() > indent)) {
                        b.append(lines.get(++i).strip()).append('\n');
                    }
                    rest = b.toString().strip();
                }
                out.add(new Query("keel-alerts.yml", alert, rest));
            }
        }
        return out;
    }

    /** The metric names an expression selects (functions, keywords and label names excluded). */
    static List<String> metrics(String expr) {
        String noStrings = expr.replaceAll("\"[^\"]*\"", "\"\"").replaceAll("\\{[^}]*}", "{}").replaceAll("\\[[^]]*]", "[]");
        TreeSet<String> out = new TreeSet<>();
        Matcher m = METRIC.matcher(noStrings);
        while (m.find()) {
            String name = m.group(1);
            int after = m.end(1);
            boolean call = after < noStrings.length() && noStrings.substring(after).stripLeading().startsWith("(");
            if (!call && !WORDS.contains(name) && !name.matches("\\d.*") && (name.startsWith("keel_") || name.equals("up")
                    || name.startsWith("http_") || name.startsWith("jvm_") || name.startsWith("process_"))) {
                out.add(name);
            }
        }
        return List.copyOf(out);
    }
}
