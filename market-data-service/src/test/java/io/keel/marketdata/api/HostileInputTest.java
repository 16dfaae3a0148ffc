package io.keel.marketdata.api;

import static io.keel.common.testing.Keys.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.keel.marketdata.TestSupport;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 17's classes of hostile input on market-data-service: text the database cannot store, list parameters with
 * empty items, whole-number parameters that are not, request bodies that are not exactly one JSON object with known
 * fields each given once; and a CSV that starts with a UTF-8 byte-order mark, which is accepted.
 */
@QuarkusTest
class HostileInputTest {

    @Inject
    TestSupport support;

    @BeforeEach
    void reset() throws Exception {
        support.reset();
    }

    private static ValidatableResponse get(String rawPathAndQuery) {
        return given().urlEncodingEnabled(false).get(rawPathAndQuery).then();
    }

    private static void refused(ValidatableResponse r, String field) {
        r.statusCode(400).contentType("application/problem+json").body("status", equalTo(400))
                .body("errors[0].field", equalTo(field)).body("detail", not(containsString("Exception")))
                .body("detail", not(containsString("java.")));
    }

    private static ValidatableResponse csv(String symbol, byte[] body) {
        return given().contentType("text/csv").body(body).queryParam("symbol", symbol).when().post("/api/v1/imports/csv").then();
    }

    @Test
    void nulInParametersOrCsvCells_is400NamingTheField() {
        refused(get("/api/v1/prices?symbols=SPY&snapshot=%00"), "snapshot");
        refused(get("/api/v1/prices?symbols=SP%00Y"), "symbols");
        refused(get("/api/v1/instruments/SP%00Y"), "symbol");
        refused(get("/api/v1/snapshots?page=%00"), "page");
        refused(csv("NULL", "date,close\n2024-01-02,5\u00005\n".getBytes(StandardCharsets.UTF_8)), "body");
        refused(csv("NULL", "da\u0000te,close\n2024-01-02,5\n".getBytes(StandardCharsets.UTF_8)), "body");
        refused(given().contentType("application/json").body("{\"symbols\": [\"SPY\"], \"source\": \"ya\\u0000hoo\"}")
                .post("/api/v1/snapshots").then(), "source");
    }

    @Test
    void emptyListsAndNonNumbers_are400NamingTheParameter() {
        refused(get("/api/v1/prices?symbols=,,,"), "symbols");
        refused(get("/api/v1/prices?symbols=SPY,,QQQ"), "symbols");
        refused(get("/api/v1/snapshots?size=ten"), "size");
        refused(get("/api/v1/snapshots?page=2147483648"), "page");
        refused(get("/api/v1/snapshots?size=0"), "size");
        refused(get("/api/v1/snapshots/1/issues?limit=1.5"), "limit");
        get("/api/v1/snapshots?size=5").statusCode(200);
    }

    @Test
    void snapshotRequestBodies_areParsedStrictly() {
        refused(given().contentType("application/json").body("{\"symbols\": [\"SPY\"], \"symbols\": [\"QQQ\"]}")
                .post("/api/v1/snapshots").then(), "symbols");
        refused(given().contentType("application/json").body("{\"symbols\": [\"SPY\"]} []").post("/api/v1/snapshots").then(), "$");
        refused(given().contentType("application/json").body("{\"symbol\": [\"SPY\"]}").post("/api/v1/snapshots").then(), "symbol");
        refused(given().contentType("application/json").body("{\"symbols\": [\"SPY\"], \"start\": 20200101}").post("/api/v1/snapshots").then(),
                "start");
        assertThat(given().get("/api/v1/snapshots").then().statusCode(200).extract().jsonPath().getInt("total")).isZero();
    }

    @Test
    void csvWithAUtf8ByteOrderMark_isImported() {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] text = "date,close,adj_close\n2024-01-02,10,10\n2024-01-03,11,11\n".getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[bom.length + text.length];
        System.arraycopy(bom, 0, body, 0, bom.length);
        System.arraycopy(text, 0, body, bom.length, text.length);
        JsonPath s = csv("BOM", body).statusCode(201).extract().jsonPath();
        assertThat(s.getString("status")).isEqualTo("succeeded");
        assertThat(s.getInt("symbols[0].rowsWritten")).isEqualTo(2);
        // Yahoo's layout with a BOM too (Excel's "CSV UTF-8")
        byte[] yahoo = "Date,Open,High,Low,Close,Adj Close,Volume\n2024-01-04,1,1,1,12,12,100\n".getBytes(StandardCharsets.UTF_8);
        byte[] body2 = new byte[bom.length + yahoo.length];
        System.arraycopy(bom, 0, body2, 0, bom.length);
        System.arraycopy(yahoo, 0, body2, bom.length, yahoo.length);
        assertThat(csv("BOM", body2).statusCode(201).extract().jsonPath().getInt("symbols[0].rowsWritten")).isEqualTo(1);
    }
}
