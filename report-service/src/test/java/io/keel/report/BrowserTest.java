package io.keel.report;

import io.keel.report.support.StrategyStubResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The pages in a real headless Chromium (Debian's {@code chromium} package at /usr/bin/chromium):
 * they load without console errors, every chart draws its canvas, and a screenshot is not blank.
 * Skipped, with a message, only when that browser is not installed (CI installs it).
 */
@QuarkusTest
@QuarkusTestResource(StrategyStubResource.class)
class BrowserTest {

    static final Path CHROMIUM = Path.of(System.getProperty("keel.chromium", "/usr/bin/chromium"));
    static final Path OUT = Path.of("target", "browser");

    @TestHTTPResource("/")
    URL root;

    @BeforeEach
    void needsChromium() throws IOException {
        if (!Files.isExecutable(CHROMIUM)) {
            System.err.println("BrowserTest SKIPPED: " + CHROMIUM + " not found; install Debian's chromium package "
                    + "(apt-get install -y chromium) to run the headless browser test");
        }
        assumeTrue(Files.isExecutable(CHROMIUM), CHROMIUM + " not found: install Debian's chromium package "
                + "(apt-get install -y chromium) to run the headless browser test");
        Files.createDirectories(OUT);
    }

    /** The tearsheet's charts without a benchmark; with one, rolling beta too. */
    static final List<String> TEARSHEET_CHARTS = List.of("chart-equity", "chart-drawdown", "chart-leverage", "chart-weights",
            "chart-monthly", "chart-rolling-vol", "chart-rolling-sharpe", "chart-distribution");

    @Test
    void tearsheet_loadsWithoutConsoleErrors_drawsEveryChartWithData_andItsScreenshotIsNotBlank() throws Exception {
        String dom = checkPage("reports/runs/1/tearsheet.html", "tearsheet-level73", TEARSHEET_CHARTS.size());
        everyChartHasData(dom, TEARSHEET_CHARTS);
        assertThat(dom).doesNotContain("charts rendered");
    }

    @Test
    void tearsheetOfARegimeStrategy_onLogScale_loadsWithoutConsoleErrors_andDrawsEveryChart() throws Exception {
        String dom = checkPage("reports/runs/4/tearsheet.html#log", "tearsheet-level61-log", TEARSHEET_CHARTS.size());
        everyChartHasData(dom, TEARSHEET_CHARTS);
    }

    @Test
    void tearsheetWithABenchmark_drawsTheBenchmarksCurve_andRollingBeta() throws Exception {
        List<String> charts = new ArrayList<>(TEARSHEET_CHARTS);
        charts.add("chart-rolling-beta");
        String dom = checkPage("reports/runs/2/tearsheet.html?benchmark=SPY:0.6,TLT:0.4", "tearsheet-benchmark", charts.size());
        everyChartHasData(dom, charts);
        assertThat(attribute(dom, "chart-equity", "data-series-names")).contains("benchmark: 60.00% SPY + 40.00% TLT");
        assertThat(attribute(dom, "chart-rolling-beta", "data-series-names")).isEqualTo("126 days|252 days");
    }

    /** Issue 20: the run's own benchmark (its definition's, stored with the run) is drawn without a query. */
    @Test
    void tearsheetOfARunWithADefinitionBenchmark_drawsTheBenchmarksCurve_withoutAQuery() throws Exception {
        ReportCacheTest.stub("/_stub/benchmark?run=5&value=SPY:0.6,TLT:0.4");
        try {
            List<String> charts = new ArrayList<>(TEARSHEET_CHARTS);
            charts.add("chart-rolling-beta");
            String dom = checkPage("reports/runs/5/tearsheet.html", "tearsheet-run-benchmark", charts.size());
            everyChartHasData(dom, charts);
            assertThat(attribute(dom, "chart-equity", "data-series-names")).contains("benchmark: 60.00% SPY + 40.00% TLT");
        } finally {
            ReportCacheTest.stub("/_stub/benchmark?run=5&value=");
        }
    }

    @Test
    void tearsheetOfAThirdPartyOverlay_drawsItsDiagnostics() throws Exception {
        String dom = checkPage("reports/runs/8/tearsheet.html", "tearsheet-third-party", TEARSHEET_CHARTS.size());
        assertThat(attribute(dom, "chart-leverage", "data-series-names")).contains("cap_cut (example-weight-cap)");
    }

    @Test
    void comparisonPage_loadsWithoutConsoleErrors_andDrawsBothCharts() throws Exception {
        String dom = checkPage("reports/compare.html?runs=1,6", "compare", 2);
        everyChartHasData(dom, List.of("chart-compare-equity", "chart-compare-drawdown"));
    }

    @Test
    void trackingPage_loadsWithoutConsoleErrors_andDrawsEquityAgainstTheBacktest() throws Exception {
        String dom = checkPage("reports/portfolios/1/tracking.html", "tracking", 2);
        everyChartHasData(dom, List.of("chart-tracking-equity", "chart-tracking-gap"));
        assertThat(attribute(dom, "chart-tracking-equity", "data-series")).isEqualTo("2");
        assertThat(attribute(dom, "chart-tracking-equity", "data-points"))
                .isEqualTo(Integer.toString(2 * io.keel.report.support.StrategyStub.TRACKED_DAYS));
    }

    static final List<String> SWEEP_CHARTS = List.of("chart-sweep-heatmap", "chart-sweep-equity", "chart-walkforward", "chart-oos-equity");

    @Test
    void sweepPage_loadsWithoutConsoleErrors_andDrawsTheHeatmapTheEquityCurvesAndTheWalkForward() throws Exception {
        String dom = checkPage("reports/sweeps/" + io.keel.report.support.SweepStub.SWEEP + "/sweep.html", "sweep", SWEEP_CHARTS.size());
        everyChartHasData(dom, SWEEP_CHARTS);
        // the three variants at the default brake threshold with the real symbol; the hostile symbol's row stays empty
        assertThat(attribute(dom, "chart-sweep-heatmap", "data-points")).isEqualTo("3");
        assertThat(attribute(dom, "chart-sweep-equity", "data-series")).isEqualTo("5");
        assertThat(attribute(dom, "chart-oos-equity", "data-series-names")).startsWith("stitched out of sample");
        assertThat(attribute(dom, "chart-walkforward", "data-series-names")).contains("in sample|out of sample");
        assertThat(dom).doesNotContain("<script>alert('sym')");
    }

    @Test
    void sweepPage_ofAnotherFigureOverOtherAxes_drawsEveryCellOfTheRealSymbol() throws Exception {
        String q = "?metric=maxDrawdown&x=%2Foverlays%2F1%2Fparams%2Fthreshold&y=%2Foverlays%2F0%2Fparams%2FtargetVol&fix=%2Funiverse%2F7%3DGLD";
        String dom = checkPage("reports/sweeps/" + io.keel.report.support.SweepStub.SWEEP + "/sweep.html" + q, "sweep-drawdown",
                SWEEP_CHARTS.size());
        assertThat(attribute(dom, "chart-sweep-heatmap", "data-points")).isEqualTo("6");
    }

    /** Every chart element holds at least one drawn series with points (the page's own count of its option). */
    static void everyChartHasData(String dom, List<String> ids) {
        for (String id : ids) {
            assertThat(attribute(dom, id, "data-series")).as(id + " series").isNotEqualTo("0");
            assertThat(Integer.parseInt(attribute(dom, id, "data-points"))).as(id + " points").isGreaterThan(0);
        }
    }

    static String attribute(String dom, String id, String attribute) {
        Matcher m = Pattern.compile("<div id=\"" + id + "\"[^>]*?" + attribute + "=\"([^\"]*)\"").matcher(dom);
        assertThat(m.find()).as(attribute + " of #" + id).isTrue();
        return m.group(1);
    }

    @Test
    void indexPage_loadsWithoutConsoleErrors() throws Exception {
        String dom = chromium(url("/"), "index", "--dump-dom");
        assertThat(errors(dom)).isEmpty();
        assertThat(dom).contains("Latest signals", "level63");
    }

    private String checkPage(String path, String name, int charts) throws Exception {
        String url = url(path);
        String dom = chromium(url, name, "--dump-dom");
        Files.writeString(OUT.resolve(name + ".html"), dom);
        assertThat(errors(dom)).as("console errors of " + url).isEmpty();
        Matcher status = Pattern.compile("id=\"render-status\"[^>]*data-rendered=\"(\\d+)\"[^>]*data-expected=\"(\\d+)\"").matcher(dom);
        assertThat(status.find()).as("render status in the DOM of " + url).isTrue();
        assertThat(Integer.parseInt(status.group(2))).isEqualTo(charts);
        assertThat(Integer.parseInt(status.group(1))).as("charts with a canvas").isEqualTo(charts);
        assertThat(count(dom, "<canvas")).isGreaterThanOrEqualTo(charts);

        Path png = OUT.resolve(name + ".png");
        chromium(url, name, "--screenshot=" + png.toAbsolutePath());
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img).as("screenshot " + png).isNotNull();
        Set<Integer> colours = new HashSet<>();
        long nonWhite = 0;
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                int rgb = img.getRGB(x, y) & 0xFFFFFF;
                colours.add(rgb);
                nonWhite += rgb != 0xFFFFFF ? 1 : 0;
            }
        }
        long sampled = (long) ((img.getHeight() + 1) / 2) * ((img.getWidth() + 1) / 2);
        assertThat(colours.size()).as("distinct colours in " + png).isGreaterThan(100);
        assertThat((double) nonWhite / sampled).as("share of non-white pixels in " + png).isGreaterThan(0.01);
        return dom;
    }

    private String url(String path) {
        String base = root.toString().replace("localhost", "127.0.0.1");
        return base.endsWith("/") && path.startsWith("/") ? base + path.substring(1) : base + path;
    }

    /** Runs headless Chromium on a URL with one extra action flag; stdout (the DOM for --dump-dom). */
    static String chromium(String url, String name, String action) throws Exception {
        Path profile = Files.createTempDirectory("keel-chromium-");
        try {
            List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-dev-shm-usage", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-extensions", "--hide-scrollbars",
                    "--user-data-dir=" + profile, "--window-size=1400,2400", "--virtual-time-budget=10000", action, url));
            Path err = OUT.resolve(name + (action.startsWith("--screenshot") ? "-screenshot" : "-dom") + ".stderr.log");
            Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("chromium did not finish within 90 s on " + url);
            }
            assertThat(p.exitValue()).as("chromium exit code; stderr in " + err).isZero();
            return new String(out, StandardCharsets.UTF_8);
        } finally {
            try (Stream<Path> s = Files.walk(profile)) {
                s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** What the page's error capture wrote into {@code #console-errors}, plus the data-errors count. */
    static List<String> errors(String dom) {
        List<String> out = new ArrayList<>();
        Matcher pre = Pattern.compile("<pre id=\"console-errors\">(.*?)</pre>", Pattern.DOTALL).matcher(dom);
        if (pre.find() && !pre.group(1).isBlank()) {
            out.add(pre.group(1));
        }
        Matcher count = Pattern.compile("<html[^>]*data-errors=\"(\\d+)\"").matcher(dom);
        if (!count.find()) {
            out.add("no data-errors attribute: the error capture did not run");
        } else if (!count.group(1).equals("0")) {
            out.add("data-errors=" + count.group(1));
        }
        return out;
    }

    private static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
