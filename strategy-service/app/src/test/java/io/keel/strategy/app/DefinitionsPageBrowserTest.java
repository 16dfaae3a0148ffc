package io.keel.strategy.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.keel.common.testing.Keys;
import io.keel.strategy.app.support.Api;
import io.keel.strategy.app.support.Defs;
import io.keel.strategy.app.support.ReportStubResource;
import io.keel.strategy.app.support.WebDriver;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;

import static io.keel.common.testing.Keys.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 23's definitions page, clicked through in a real headless Chromium (Debian's chromium and chromium-driver):
 * a reader sees the definitions and their versions without a key; an operator types the key once (kept in the tab's
 * sessionStorage, never in the URL), starts a definition from the template, sees the validation as they type, saves
 * it, runs it and lands on its tearsheet.
 */
@QuarkusTest
@QuarkusTestResource(value = ReportStubResource.class, restrictToAnnotatedClass = true)
class DefinitionsPageBrowserTest {

    @TestHTTPResource("/definitions/")
    URL page;

    static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void operator_createsValidatesSavesAndRunsADefinition_andLandsOnItsTearsheet() throws Exception {
        assumeTrue(WebDriver.available(), "chromium and chromedriver are needed (apt-get install -y chromium chromium-driver)");
        Api.createDefinition(Defs.json("level70-ew", "page-existing"));
        given().contentType("application/json").body(Defs.json("level70-ew", "page-existing", n -> n.put("description", "second")))
                .put("/api/v1/definitions/page-existing").then().statusCode(200);

        try (WebDriver browser = new WebDriver()) {
            browser.open(page.toString());
            // a reader: the list and the versions, no key
            browser.await("the definitions list", "return [...document.querySelectorAll('#definitions li')].map(li => li.dataset.name)",
                    n -> n.toString().contains("page-existing"), WAIT);
            browser.click("#definitions li[data-name='page-existing']");
            JsonNode versions = browser.await("the versions of page-existing",
                    "return [...document.querySelectorAll('#versions li')].map(li => li.dataset.version)", n -> n.size() == 2, WAIT);
            assertThat(versions.toString()).isEqualTo("[\"2\",\"1\"]");
            assertThat(browser.script("return document.getElementById('editor').value").asText()).contains("\"second\"");
            assertThat(browser.script("return document.getElementById('validation').textContent").asText())
                    .contains("enter an operator API key");

            // the operator's key, typed once: in sessionStorage, never in the URL
            browser.type("#api-key", Keys.OPERATOR);
            browser.click("#key-use");
            assertThat(browser.script("return sessionStorage.getItem('keel.apiKey')").asText()).isEqualTo(Keys.OPERATOR);
            assertThat(browser.url()).doesNotContain(Keys.OPERATOR);
            assertThat(browser.script("return document.getElementById('api-key').value").asText()).isEmpty();

            // a copy of the selected definition starts as a new one, named after it, and validates
            browser.click("#copy");
            assertThat(browser.script("return JSON.parse(document.getElementById('editor').value).name").asText())
                    .isEqualTo("page-existing-copy");
            browser.await("the copy validated", "return document.getElementById('validation').textContent",
                    n -> n.asText().contains("would be saved as version 1 of page-existing-copy"), WAIT);

            // a new definition from the template, with a mistake typed in: the validation names the field
            browser.click("#new");
            browser.await("the template validated", "return document.getElementById('validation').textContent",
                    n -> n.asText().contains("would be saved as version 1 of my-strategy"), WAIT);
            browser.script("const e = document.getElementById('editor'); const d = JSON.parse(e.value); d.name = 'page-made';"
                    + " d.rebalance = {frequency: 'FORTNIGHTLY'}; e.value = JSON.stringify(d, null, 2);");
            browser.type("#editor", " ");
            JsonNode invalid = browser.await("the mistake named", "const v = document.getElementById('validation');"
                    + " return v.className + ' ' + v.textContent", n -> n.asText().startsWith("invalid"), WAIT);
            assertThat(invalid.asText()).contains("rebalance.frequency: must be one of DAILY, WEEKLY");
            assertThat(browser.script("return document.getElementById('save').disabled").asBoolean()).isTrue();

            // corrected as typed: valid, saved
            browser.script("const e = document.getElementById('editor'); const d = JSON.parse(e.value);"
                    + " d.rebalance = {frequency: 'MONTHLY'}; e.value = JSON.stringify(d, null, 2);");
            browser.type("#editor", " ");
            browser.await("the correction validated", "return document.getElementById('validation').className", n -> n.asText().equals("valid"), WAIT);
            browser.click("#save");
            browser.await("the saved definition selected", "const s = document.querySelector('#definitions li.selected');"
                    + " return s ? s.dataset.name : ''", n -> n.asText().equals("page-made"), WAIT);
            given().get("/api/v1/definitions/page-made").then().statusCode(200);

            // run it: the page follows the run and opens its tearsheet on report-service
            browser.await("the run button enabled", "return !document.getElementById('run').disabled", JsonNode::asBoolean, WAIT);
            browser.click("#run");
            JsonNode landed = browser.await("the tearsheet", "return location.href + ' ' + (document.getElementById('tearsheet') || {}).textContent",
                    n -> n.asText().contains("/tearsheet.html"), Duration.ofSeconds(90));
            long runId = given().get("/api/v1/runs?definition=page-made").jsonPath().getLong("[0].id");
            assertThat(given().get("/api/v1/runs/" + runId).jsonPath().getString("status")).isEqualTo("SUCCEEDED");
            assertThat(landed.asText()).contains("/reports/runs/" + runId + "/tearsheet.html").endsWith("tearsheet of run " + runId)
                    .doesNotContain(Keys.OPERATOR);
        }
    }
}
