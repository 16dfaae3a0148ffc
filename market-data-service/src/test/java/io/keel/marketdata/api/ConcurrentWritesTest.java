package io.keel.marketdata.api;

import static io.keel.common.testing.Keys.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.keel.common.testing.Concurrent;
import io.keel.common.testing.Concurrent.Answer;
import io.keel.marketdata.TestSupport;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * market-data-service's numbered writes under 20 concurrent writers (issue 17): CSV imports of one symbol, each a
 * snapshot that changes one day's price. Every import is answered 201, snapshot ids are distinct, every import
 * succeeded, and the versions of the changed day follow the snapshot ids: the current price is the one of the
 * newest snapshot, and each snapshot reads back its own price.
 */
@QuarkusTest
class ConcurrentWritesTest {

    static final int N = 20;

    @Inject
    TestSupport support;

    @Test
    void concurrentCsvImportsOfOneSymbol_becomeSnapshotsInIdOrder() throws Exception {
        support.reset();
        List<Answer> answers = Concurrent.all(N, i -> () -> Concurrent.send("POST", "/api/v1/imports/csv?symbol=CONC", "text/csv",
                "date,close,adj_close\n2024-01-02,10,10\n2024-01-03," + (20 + i) + "," + (20 + i) + "\n"));
        assertThat(answers).allSatisfy(a -> assertThat(a.status()).as(a.toString()).isEqualTo(201));
        record Import(long snapshot, int price) {
        }
        List<Import> imports = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            JsonPath j = JsonPath.from(answers.get(i).body());
            assertThat(j.getString("status")).as(answers.get(i).body()).isEqualTo("succeeded");
            imports.add(new Import(j.getLong("id"), 20 + i));
        }
        assertThat(imports.stream().map(Import::snapshot).distinct().count()).isEqualTo(N);
        imports.sort(Comparator.comparingLong(Import::snapshot));
        for (Import im : imports) {
            JsonPath p = given().queryParam("symbols", "CONC").queryParam("snapshot", im.snapshot()).when().get("/api/v1/prices")
                    .then().statusCode(200).extract().jsonPath();
            assertThat(p.getDouble("values.CONC[1]")).as("snapshot " + im.snapshot()).isEqualTo(im.price());
        }
        Import newest = imports.get(N - 1);
        assertThat(given().queryParam("symbols", "CONC").when().get("/api/v1/prices").then().statusCode(200)
                .extract().jsonPath().getDouble("values.CONC[1]")).isEqualTo(newest.price());
        assertThat(support.scalar("SELECT count(*) FROM marketdata.bar WHERE symbol = 'CONC' AND superseded_by_snapshot_id IS NULL"))
                .isEqualTo(2);
    }

    @Test
    void concurrentSnapshotRequests_areQueuedUnderDistinctIds() throws Exception {
        support.reset();
        List<Answer> answers = Concurrent.requests(N, "POST", i -> "/api/v1/snapshots", i -> "{\"symbols\":[\"SPY\"]}");
        assertThat(answers).allSatisfy(a -> assertThat(a.status()).as(a.toString()).isEqualTo(202));
        List<Long> ids = answers.stream().map(a -> JsonPath.from(a.body()).getLong("id")).toList();
        assertThat(ids).doesNotHaveDuplicates();
        for (long id : ids) {
            assertThat(TestSupport.await(id).getString("status")).isIn("succeeded", "partial", "failed");
        }
        assertThat(support.scalar("SELECT count(*) FROM marketdata.snapshot")).isEqualTo(N);
    }
}
