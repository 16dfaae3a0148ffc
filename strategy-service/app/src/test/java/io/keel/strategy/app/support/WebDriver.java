package io.keel.strategy.app.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * A headless Chromium driven through chromedriver's W3C WebDriver protocol (JSON over HTTP), for the definitions
 * page's click-through test: navigate, find, click, type, run a script, read the URL. Only what that test needs.
 */
public final class WebDriver implements AutoCloseable {

    public static final Path CHROMIUM = Path.of(System.getProperty("keel.chromium", "/usr/bin/chromium"));
    public static final Path CHROMEDRIVER = Path.of(System.getProperty("keel.chromedriver", "/usr/bin/chromedriver"));
    private static final String ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Process driver;
    private final Path profile;
    private final String base;

    public static boolean available() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    public WebDriver() throws IOException, InterruptedException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        driver = new ProcessBuilder(CHROMEDRIVER.toString(), "--port=" + port).redirectErrorStream(true)
                .redirectOutput(Path.of("target", "chromedriver.log").toFile()).start();
        profile = Files.createTempDirectory("keel-chromium");
        String root = "http://127.0.0.1:" + port;
        for (int i = 0; i < 100; i++) {
            try {
                if (send("GET", root + "/status", null).path("value").path("ready").asBoolean()) {
                    break;
                }
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        ObjectNode caps = json.createObjectNode();
        ObjectNode always = caps.putObject("capabilities").putObject("alwaysMatch");
        always.put("browserName", "chrome");
        ObjectNode options = always.putObject("goog:chromeOptions");
        options.put("binary", CHROMIUM.toString());
        var args = options.putArray("args");
        for (String a : List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile)) {
            args.add(a);
        }
        JsonNode session = send("POST", root + "/session", caps);
        base = root + "/session/" + session.path("value").path("sessionId").asText();
    }

    private JsonNode send(String method, String url, JsonNode body) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.toString()));
        b.header("Content-Type", "application/json");
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode n = json.readTree(r.body());
            if (r.statusCode() >= 400) {
                throw new IOException("WebDriver " + method + " " + url + ": " + r.statusCode() + " " + r.body());
            }
            return n;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private JsonNode command(String method, String path, JsonNode body) throws IOException {
        return send(method, base + path, body).path("value");
    }

    public void open(String url) throws IOException {
        command("POST", "/url", json.createObjectNode().put("url", url));
    }

    public String url() throws IOException {
        return command("GET", "/url", null).asText();
    }

    /** The id of the element {@code css} selects. */
    public String find(String css) throws IOException {
        return command("POST", "/element", json.createObjectNode().put("using", "css selector").put("value", css)).path(ELEMENT).asText();
    }

    public void click(String css) throws IOException {
        command("POST", "/element/" + find(css) + "/click", json.createObjectNode());
    }

    /** Types {@code text} into the element, as keystrokes. */
    public void type(String css, String text) throws IOException {
        command("POST", "/element/" + find(css) + "/value", json.createObjectNode().put("text", text));
    }

    /** Runs {@code script} (a function body; {@code arguments} are {@code args}) in the page and returns its result. */
    public JsonNode script(String script, Object... args) throws IOException {
        ObjectNode body = json.createObjectNode().put("script", script);
        var a = body.putArray("args");
        for (Object o : args) {
            a.addPOJO(o);
        }
        return command("POST", "/execute/sync", body);
    }

    /** Waits until {@code script}'s result satisfies {@code done}; returns it. */
    public JsonNode await(String what, String script, Predicate<JsonNode> done, Duration timeout) throws IOException, InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < end) {
            try {
                last = script(script);
                if (done.test(last)) {
                    return last;
                }
            } catch (IOException e) {
                last = json.getNodeFactory().textNode(e.getMessage()); // e.g. during a navigation
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting for " + what + "; last: " + last);
    }

    @Override
    public void close() throws IOException {
        try {
            send("DELETE", base, null);
        } catch (IOException | RuntimeException ignored) {
            // the browser may already be gone; the driver process is stopped below either way
        } finally {
            driver.destroy();
        }
    }
}
