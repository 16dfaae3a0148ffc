package io.keel.strategy.app;

import io.keel.strategy.app.support.Api;
import io.keel.strategy.app.support.Defs;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static io.keel.common.testing.Keys.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;

@QuarkusTest
class PluginsApiTest {

    static final Path DIR = Path.of("target/test-plugins");

    @Test
    void listing_showsBuiltInsAndTheExamplePluginWithParametersAndSource() {
        given().get("/api/v1/plugins").then().statusCode(200)
                .body("plugins.id", hasItems("equal-weight", "hrp", "vol-target", "drawdown-brake", "example-momentum-top-n"))
                .body("plugins.find { it.id == 'example-momentum-top-n' }.source", equalTo("keel-plugin-example.jar"))
                // issue 17: the listing is open to readers: jar names only, no file paths or URLs
                .body("plugins.source", org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.not(containsString("file:"))))
                .body("plugins.source", org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.not(containsString("/"))))
                .body("jars", org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.not(containsString("/"))))
                .body("directory", equalTo("test-plugins"))
                .body("plugins.find { it.id == 'example-momentum-top-n' }.builtIn", equalTo(false))
                .body("plugins.find { it.id == 'example-momentum-top-n' }.kind", equalTo("weight-scheme"))
                .body("plugins.find { it.id == 'example-momentum-top-n' }.parameters.name", hasItems("lookbackDays", "topN"))
                .body("plugins.find { it.id == 'example-trend-exposure' }.kind", equalTo("overlay"))
                .body("plugins.find { it.id == 'example-trend-exposure' }.source", equalTo("keel-plugin-example.jar"))
                .body("plugins.find { it.id == 'vol-target' }.builtIn", equalTo(true))
                .body("plugins.find { it.id == 'vol-target' }.parameters.find { it.name == 'targetVol' }.max", equalTo(2.0f))
                .body("plugins.find { it.id == 'vol-target' }.parameters.find { it.name == 'targetVol' }.unit", equalTo("annualised fraction"));
    }

    @Test
    void aDefinitionUsingTheExternalPlugin_validatesAndRuns() {
        String def = Defs.json("level70-ew", "momentum-example", n -> {
            n.putObject("weightScheme").put("id", "example-momentum-top-n").putObject("params").put("lookbackDays", 126).put("topN", 3);
        });
        Api.createDefinition(def);
        long id = Api.submit("momentum-example", Map.of());
        Response r = Api.await(id, Duration.ofSeconds(60));
        assertThat(r.jsonPath().getString("status")).as(r.asString()).isEqualTo("SUCCEEDED");
        given().get("/api/v1/runs/" + id + "/series").then().statusCode(200).body("columns.w_SPY.size()", equalTo(r.jsonPath().getInt("summary.days")));
        // the plugin's own cross-check names its field
        given().contentType("application/json").body(Defs.json("level70-ew", "momentum-too-many", n ->
                        n.putObject("weightScheme").put("id", "example-momentum-top-n").putObject("params").put("topN", 9)))
                .post("/api/v1/definitions").then().statusCode(400).body("errors.field", hasItem("weightScheme.params.topN"));
    }

    /** The example's exposure overlay (a tracker, the EXPOSURE stage's one form) runs and writes its diagnostic. */
    @Test
    void aDefinitionUsingTheExternalExposureOverlay_runsAndWritesItsDiagnostic() {
        String def = Defs.json("level70-ew", "trend-example", n -> {
            var overlay = n.putArray("overlays").addObject();
            overlay.put("id", "example-trend-exposure").putObject("params").put("lookbackDays", 50).put("belowScale", 0.25);
        });
        Api.createDefinition(def);
        long id = Api.submit("trend-example", Map.of());
        Response r = Api.await(id, Duration.ofSeconds(60));
        assertThat(r.jsonPath().getString("status")).as(r.asString()).isEqualTo("SUCCEEDED");
        Response series = given().get("/api/v1/runs/" + id + "/series");
        series.then().statusCode(200).body("columns.trend_gap.size()", equalTo(r.jsonPath().getInt("summary.days")));
        // below its average the factor is belowScale, else 1: both happen over 2010-2025
        assertThat(series.jsonPath().getList("columns.leverage", Float.class)).contains(0.25f, 1.0f);
    }

    @Test
    void brokenJars_areReportedAndSkipped_notFatal() throws Exception {
        Path missingClass = DIR.resolve("broken-missing-class.jar");
        Path notAJar = DIR.resolve("broken-not-a-zip.jar");
        try {
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(missingClass))) {
                out.putNextEntry(new JarEntry("META-INF/services/io.keel.spi.WeightScheme"));
                out.write("com.example.DoesNotExist\n".getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
            try (OutputStream o = Files.newOutputStream(notAJar)) {
                o.write("this is not a zip file".getBytes(StandardCharsets.UTF_8));
            }
            given().post("/api/v1/plugins/reload").then().statusCode(200)
                    .body("plugins.id", hasItems("equal-weight", "example-momentum-top-n"))
                    .body("problems.size()", equalTo(2))
                    .body("problems[0]", containsString("broken-missing-class.jar"))
                    .body("problems[0]", containsString("DoesNotExist"))
                    .body("problems[1]", containsString("broken-not-a-zip.jar"))
                    .body("problems", org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.not(containsString("/"))))
                    .body("problems", org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.not(containsString("Exception"))))
                    .body("problems", org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.not(containsString("Error:"))));
            given().get("/q/metrics").then().body(containsString("keel_plugins_problems 2.0"));
        } finally {
            Files.deleteIfExists(missingClass);
            Files.deleteIfExists(notAJar);
            given().post("/api/v1/plugins/reload").then().statusCode(200).body("problems.size()", equalTo(0));
        }
    }
}
