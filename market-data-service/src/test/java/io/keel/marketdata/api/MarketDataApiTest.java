package io.keel.marketdata.api;

import static io.keel.common.testing.Keys.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import io.keel.marketdata.TestSupport;
import io.keel.marketdata.snapshot.SampleDataLoader;
import io.keel.marketdata.yahoo.LoopbackYahoo;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The REST contract other services rely on, over the bundled sample data. */
@QuarkusTest
class MarketDataApiTest {

    @Inject
    TestSupport support;

    @Inject
    SampleDataLoader loader;

    private long sampleSnapshot;

    @BeforeEach
    void loadSampleData() throws Exception {
        support.reset();
        OptionalLong id = loader.loadIfEmpty();
        assertThat(id).isPresent();
        sampleSnapshot = id.getAsLong();
    }

    private static List<LoopbackYahoo.Row> csv(String symbol) throws Exception {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream("sample-data/etf8/" + symbol + ".csv")) {
            return LoopbackYahoo.readCsv(in, null);
        }
    }

    @Test
    void repeatedPriceQuery_isServedFromTheCache_withTheSameBytes_andAResetDatabaseIsNeverServedStale() throws Exception {
        var first = given().queryParam("symbols", "SPY,TLT").queryParam("from", "2020-01-01").when().get("/api/v1/prices")
                .then().statusCode(200).extract();
        var second = given().queryParam("symbols", "SPY,TLT").queryParam("from", "2020-01-01").when().get("/api/v1/prices")
                .then().statusCode(200).extract();
        assertThat(first.header("X-Keel-Cache")).isEqualTo("miss");
        assertThat(second.header("X-Keel-Cache")).isEqualTo("hit");
        assertThat(second.asByteArray()).isEqualTo(first.asByteArray());
        // another field is another answer
        given().queryParam("symbols", "SPY,TLT").queryParam("from", "2020-01-01").queryParam("field", "close")
                .when().get("/api/v1/prices").then().statusCode(200).header("X-Keel-Cache", "miss");
        // the same snapshot id re-created by a reset database is a different snapshot
        support.reset();
        loader.loadIfEmpty();
        given().queryParam("symbols", "SPY,TLT").queryParam("from", "2020-01-01").when().get("/api/v1/prices")
                .then().statusCode(200).header("X-Keel-Cache", "miss");
    }

    @Test
    void sampleData_isLoadedOnce_intoAnEmptyDatabase() {
        assertThat(loader.loadIfEmpty()).isEmpty();
        JsonPath s = given().when().get("/api/v1/snapshots/" + sampleSnapshot).then().statusCode(200).extract().jsonPath();
        assertThat(s.getString("source")).isEqualTo("sample");
        assertThat(s.getString("status")).isEqualTo("succeeded");
        assertThat(s.getInt("rowsWritten")).isEqualTo(8222 + 6680 + 6372 + 6057 + 5651 + 5829 + 5829 + 5247);
    }

    @Test
    void instruments_listFirstAndLastDateBarsAndLatestSnapshot() {
        given().when().get("/api/v1/instruments").then().statusCode(200)
                .body("size()", equalTo(8))
                .body("find { it.symbol == 'SPY' }.firstDate", equalTo("1993-01-29"))
                .body("find { it.symbol == 'SPY' }.lastDate", equalTo("2025-09-26"))
                .body("find { it.symbol == 'SPY' }.bars", equalTo(8222))
                .body("find { it.symbol == 'SPY' }.latestSnapshotId", equalTo((int) sampleSnapshot));
        given().when().get("/api/v1/instruments/gld").then().statusCode(200)
                .body("symbol", equalTo("GLD")).body("firstDate", equalTo("2004-11-18")).body("bars", equalTo(5247));
        given().when().get("/api/v1/instruments/NOPE").then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("NOPE"));
    }

    @Test
    void prices_areColumnarJson_withTheUnionOfDatesAndNullsWhereNoBar() throws Exception {
        JsonPath p = given().queryParam("symbols", "SPY,GLD").queryParam("from", "2004-11-17").queryParam("to", "2004-11-19")
                .when().get("/api/v1/prices").then().statusCode(200).contentType(ContentType.JSON).extract().jsonPath();
        assertThat(p.getLong("snapshotId")).isEqualTo(sampleSnapshot);
        assertThat(p.getString("field")).isEqualTo("adj_close");
        assertThat(p.getList("symbols")).containsExactly("SPY", "GLD");
        assertThat(p.getList("dates")).containsExactly("2004-11-17", "2004-11-18", "2004-11-19");
        assertThat(p.getList("values.GLD").get(0)).isNull(); // GLD started trading on 2004-11-18
        // stored exactly as the CSV gave it (the same double as parsing the file)
        assertThat(p.getDouble("values.GLD[1]")).isEqualTo(44.380001068115234);
        // whole range equals the CSV, date by date
        JsonPath all = given().queryParam("symbols", "QQQ").queryParam("field", "close").when().get("/api/v1/prices")
                .then().statusCode(200).extract().jsonPath();
        List<LoopbackYahoo.Row> rows = csv("QQQ");
        assertThat(all.getList("dates")).hasSize(rows.size());
        List<Double> values = all.getList("values.QQQ", Double.class);
        for (int i = 0; i < rows.size(); i += 97) {
            assertThat(all.getList("dates").get(i)).isEqualTo(rows.get(i).date().toString());
            assertThat(values.get(i)).isCloseTo(new BigDecimal(rows.get(i).close()).doubleValue(), org.assertj.core.data.Offset.offset(1e-3));
        }
        given().queryParam("symbols", "SPY").queryParam("field", "volume").queryParam("from", "2025-09-26").when().get("/api/v1/prices")
                .then().statusCode(200).body("values.SPY[0]", equalTo(Integer.valueOf(csv("SPY").get(8221).volume())));
    }

    @Test
    void prices_asCsv_byFormatOrAcceptHeader() {
        String body = given().queryParam("symbols", "SPY,GLD").queryParam("from", "2004-11-17").queryParam("to", "2004-11-18")
                .queryParam("format", "csv").when().get("/api/v1/prices").then().statusCode(200)
                .contentType(startsWith("text/csv")).extract().asString();
        assertThat(body.split("\n")).hasSize(3);
        assertThat(body).startsWith("date,SPY,GLD\n2004-11-17,").contains("\n2004-11-18,");
        assertThat(body.split("\n")[1]).endsWith(","); // GLD empty before its first day
        given().accept("text/csv").queryParam("symbols", "TLT").queryParam("from", "2025-09-26").when().get("/api/v1/prices")
                .then().statusCode(200).contentType(startsWith("text/csv")).body(startsWith("date,TLT\n2025-09-26,"));
    }

    @Test
    void badInput_isAnswered4xxWithProblemJsonNamingTheParameter() {
        given().queryParam("symbols", "SPY,NOPE").when().get("/api/v1/prices").then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("NOPE"));
        given().queryParam("symbols", "SPY").queryParam("snapshot", "999").when().get("/api/v1/prices").then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("snapshot 999"));
        given().queryParam("symbols", "SPY").queryParam("snapshot", "yesterday").when().get("/api/v1/prices").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("snapshot"));
        given().queryParam("symbols", "SPY").queryParam("from", "2020-13-01").when().get("/api/v1/prices").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("from"));
        given().queryParam("symbols", "SPY").queryParam("from", "2021-01-01").queryParam("to", "2020-01-01").when().get("/api/v1/prices")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("from"));
        given().queryParam("symbols", "SPY").queryParam("field", "vwap").when().get("/api/v1/prices").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("field"));
        given().queryParam("symbols", "SPY").queryParam("format", "xml").when().get("/api/v1/prices").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("format"));
        given().when().get("/api/v1/prices").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("symbols"));
        given().queryParam("symbols", "SP Y!").when().get("/api/v1/prices").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("symbols"));
        given().when().get("/api/v1/snapshots/424242").then().statusCode(404).contentType("application/problem+json");
        given().queryParam("size", "0").when().get("/api/v1/snapshots").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("size"));
        given().contentType(ContentType.JSON).body("{\"symbols\": [\"SPY\", \"bad symbol\"]}").when().post("/api/v1/snapshots")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("symbols[1]"));
        given().contentType(ContentType.JSON).body("{\"source\": \"bloomberg\"}").when().post("/api/v1/snapshots")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("source"));
        given().contentType(ContentType.JSON).body("{\"start\": \"2020-02-30\"}").when().post("/api/v1/snapshots")
                .then().statusCode(400).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body("{\"symbols\": [").when().post("/api/v1/snapshots")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void snapshots_areListedNewestFirst_paged() throws Exception {
        long second = given().contentType("text/csv").body("date,close,adj_close\n2025-09-29,1.5,1.5\n").queryParam("symbol", "NEW")
                .when().post("/api/v1/imports/csv").then().statusCode(201).extract().jsonPath().getLong("id");
        JsonPath page = given().queryParam("size", "1").when().get("/api/v1/snapshots").then().statusCode(200).extract().jsonPath();
        assertThat(page.getList("items.id", Long.class)).containsExactly(second);
        assertThat(page.getLong("total")).isEqualTo(2);
        JsonPath page2 = given().queryParam("size", "1").queryParam("page", "1").when().get("/api/v1/snapshots").then().statusCode(200)
                .extract().jsonPath();
        assertThat(page2.getList("items.id", Long.class)).containsExactly(sampleSnapshot);
        assertThat(second).isGreaterThan(sampleSnapshot);
    }

    @Test
    void csvImport_keelLayout_becomesASnapshotWithSourceCsv_andOnlyChangesAreWritten() throws Exception {
        byte[] spy;
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream("sample-data/etf8/SPY.csv")) {
            spy = in.readAllBytes();
        }
        JsonPath s = given().contentType("text/csv").body(spy).queryParam("symbol", "SPY").when().post("/api/v1/imports/csv")
                .then().statusCode(201).header("Location", containsString("/api/v1/snapshots/")).extract().jsonPath();
        assertThat(s.getString("source")).isEqualTo("csv");
        assertThat(s.getString("status")).isEqualTo("succeeded");
        assertThat(s.getString("symbols[0].status")).isEqualTo("unchanged"); // same data as the sample snapshot
        assertThat(s.getInt("symbols[0].rowsUnchanged")).isEqualTo(8222);
        assertThat(s.getInt("rowsWritten")).isZero();
    }

    @Test
    void csvImport_yfinanceLayout_withBadRows_rejectsAndRepairsAndReports() {
        String csv = """
                Date,Open,High,Low,Close,Adj Close,Volume
                2024-01-02 00:00:00,10,11,9,10.5,10.4,1000
                2024-01-04,10,11,9,10.7,10.6,1200
                2024-01-03,10,11,9,10.6,10.5,1100
                2024-01-05,10,11,9,-1,10.6,1200
                2024-01-08,10,11,9,10.8,,1300
                2024-01-08,10,11,9,10.9,10.8,1300
                2024-01-09,10,11,9,abc,10.8,1300
                not-a-date,10,11,9,10.8,10.8,1300
                2024-01-10,10,11,9,30,30,1300
                """;
        JsonPath s = given().contentType("text/csv").body(csv.getBytes(StandardCharsets.UTF_8)).queryParam("symbol", "abc")
                .when().post("/api/v1/imports/csv").then().statusCode(201).extract().jsonPath();
        assertThat(s.getString("symbols[0].symbol")).isEqualTo("ABC");
        assertThat(s.getInt("symbols[0].rowsWritten")).isEqualTo(5); // 01-02, 01-03, 01-04, 01-08, 01-10
        assertThat(s.getInt("symbols[0].rowsRejected")).isEqualTo(3); // -1 close, 'abc', bad date
        assertThat(s.getInt("symbols[0].rowsRepaired")).isEqualTo(3); // out of order, adj from close, duplicate date
        JsonPath issues = given().when().get("/api/v1/snapshots/" + s.getLong("id") + "/issues").then().statusCode(200).extract().jsonPath();
        assertThat(issues.getList("code")).contains("OUT_OF_ORDER", "NON_POSITIVE", "ADJ_FROM_CLOSE", "DUPLICATE_DATE", "BAD_NUMBER",
                "BAD_DATE", "JUMP");
        JsonPath p = given().queryParam("symbols", "ABC").queryParam("field", "close").when().get("/api/v1/prices").then().statusCode(200)
                .extract().jsonPath();
        assertThat(p.getList("dates")).containsExactly("2024-01-02", "2024-01-03", "2024-01-04", "2024-01-08", "2024-01-10");
        assertThat(p.getFloat("values.ABC[3]")).isEqualTo(10.9f); // the last of the duplicate rows wins
        assertThat(LocalDate.parse(p.getString("dates[0]"))).isEqualTo(LocalDate.of(2024, 1, 2));
    }

    @Test
    void csvImport_yfinanceMultiRowHeader_takesTheSymbolsColumns_andRefusesASymbolTheFileDoesNotHold() {
        String csv = """
                Price,Close,Close,Volume,Volume
                Ticker,MRA,MRB,MRA,MRB
                Date,,,,
                2024-01-02,10.5,20.5,100,200
                2024-01-03,10.6,,100,
                2024-01-04,10.7,20.7,100,200
                """;
        JsonPath s = given().contentType("text/csv").body(csv.getBytes(StandardCharsets.UTF_8)).queryParam("symbol", "MRB")
                .when().post("/api/v1/imports/csv").then().statusCode(201).extract().jsonPath();
        assertThat(s.getInt("symbols[0].rowsWritten")).isEqualTo(2); // 01-03 has no MRB prices: yfinance's empty cells
        given().contentType("text/csv").body(csv.getBytes(StandardCharsets.UTF_8)).queryParam("symbol", "SPY").when()
                .post("/api/v1/imports/csv").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("body")).body("detail", containsString("the file's Ticker row holds MRA, MRB, not SPY"));
    }

    @Test
    void csvImport_badRequests_areProblemJson() {
        given().contentType("text/csv").body("when,price\n2024-01-02,1\n").queryParam("symbol", "SPY").when().post("/api/v1/imports/csv")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("body"));
        given().contentType("text/csv").body("date,close\n2024-01-02,-5\n").queryParam("symbol", "SPY").when().post("/api/v1/imports/csv")
                .then().statusCode(400).contentType("application/problem+json").body("detail", containsString("no valid row"));
        given().contentType("text/csv").body("date,close\n2024-01-02,5\n").when().post("/api/v1/imports/csv")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("symbol"));
    }
}
