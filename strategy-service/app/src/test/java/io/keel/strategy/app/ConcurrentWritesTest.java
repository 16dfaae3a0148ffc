package io.keel.strategy.app;

import io.agroal.api.AgroalDataSource;
import io.keel.strategy.app.signals.SignalService;
import io.keel.strategy.app.support.Api;
import io.keel.common.testing.Concurrent;
import io.keel.common.testing.Concurrent.Answer;
import io.keel.strategy.app.support.Defs;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every write of strategy-service that numbers or upserts something, hit by 20 concurrent writers (issue 17):
 * each answer is a success or a refusal with a reason (409, or 429/503 with Retry-After), never a 500, and what is
 * stored is numbered without gaps or duplicates: definition versions, run ids and their audit rows, signals.
 */
@QuarkusTest
class ConcurrentWritesTest {

    static final int N = 20;
    static final LocalDate LAST_CLOSE = LocalDate.parse("2025-09-26");

    @Inject
    AgroalDataSource ds;

    @Inject
    SignalService signals;

    @Test
    void concurrentUpdatesOfOneDefinition_eachGetAVersion_numberedWithoutGaps() throws Exception {
        Api.createDefinition(Defs.json("level70-ew", "conc-versions"));
        List<Answer> answers = Concurrent.requests(N, "PUT", i -> "/api/v1/definitions/conc-versions",
                i -> Defs.json("level70-ew", "conc-versions", n -> n.put("description", "writer " + i)));
        assertThat(answers).allSatisfy(a -> assertThat(a.isOrderlyOrRefusedWithAReason()).as(a.toString()).isTrue());
        long ok = answers.stream().filter(a -> a.status() == 200).count();
        assertThat(ok).as("updates that succeeded").isEqualTo(N);

        List<Integer> versions = ints("SELECT v.version FROM definition_version v JOIN definition d ON d.id = v.definition_id "
                + "WHERE d.name = 'conc-versions' ORDER BY v.version");
        assertThat(versions).isEqualTo(IntStream.rangeClosed(1, N + 1).boxed().toList());
        // each writer's body is stored exactly once, under the version its answer named
        List<String> descriptions = strings("SELECT v.body->>'description' FROM definition_version v JOIN definition d "
                + "ON d.id = v.definition_id WHERE d.name = 'conc-versions' AND v.version > 1");
        assertThat(new HashSet<>(descriptions)).hasSize(N);
        List<Integer> answered = answers.stream().map(a -> io.restassured.path.json.JsonPath.from(a.body()).getInt("version")).sorted().toList();
        assertThat(answered).isEqualTo(IntStream.rangeClosed(2, N + 1).boxed().toList());
        assertThat(ints("SELECT version FROM audit_event WHERE action = 'definition.updated' AND definition = 'conc-versions' ORDER BY version"))
                .isEqualTo(IntStream.rangeClosed(2, N + 1).boxed().toList());
    }

    @Test
    void concurrentCreatesOfOneName_oneWins_theOthersAre409() throws Exception {
        // the same name in three spellings: names are unique regardless of case
        String[] spellings = {"conc-create", "Conc-Create", "CONC-CREATE"};
        List<Answer> answers = Concurrent.requests(N, "POST", i -> "/api/v1/definitions",
                i -> Defs.json("level70-ew", spellings[i % 3], n -> n.put("description", "creator " + i)));
        assertThat(answers).allSatisfy(a -> assertThat(a.isOrderlyOrRefusedWithAReason()).as(a.toString()).isTrue());
        assertThat(answers.stream().filter(a -> a.status() == 201).count()).isEqualTo(1);
        assertThat(answers.stream().filter(a -> a.status() == 409).count()).isEqualTo(N - 1);
        assertThat(ints("SELECT count(*)::int FROM definition WHERE lower(name) = 'conc-create'")).containsExactly(1);
        assertThat(ints("SELECT count(*)::int FROM audit_event WHERE action = 'definition.created' AND lower(definition) = 'conc-create'"))
                .containsExactly(1);
    }

    @Test
    void concurrentRunSubmissions_eachGetARun_andEveryAcceptedRunSucceeds() throws Exception {
        Api.createDefinition(Defs.json("level70-ew", "conc-runs"));
        List<Answer> answers = Concurrent.requests(N, "POST", i -> "/api/v1/definitions/conc-runs/runs", i -> "{\"snapshot\":\"latest\"}");
        assertThat(answers).allSatisfy(a -> assertThat(a.isOrderlyOrRefusedWithAReason()).as(a.toString()).isTrue());
        List<Long> ids = new ArrayList<>();
        for (Answer a : answers) {
            if (a.status() == 202) {
                ids.add(io.restassured.path.json.JsonPath.from(a.body()).getLong("id"));
            }
        }
        assertThat(ids).doesNotHaveDuplicates().isNotEmpty();
        assertThat(ints("SELECT count(*)::int FROM audit_event WHERE action = 'run.submitted' AND definition = 'conc-runs'"))
                .containsExactly(ids.size());
        for (long id : ids) {
            assertThat(Api.await(id, Duration.ofSeconds(120)).jsonPath().getString("status")).isEqualTo("SUCCEEDED");
        }
        assertThat(ints("SELECT count(*)::int FROM run_execution e JOIN run r ON r.id = e.run_id JOIN definition d ON d.id = r.definition_id "
                + "WHERE d.name = 'conc-runs' AND e.outcome IS NOT NULL")).containsExactly(ids.size());
    }

    @Test
    void concurrentActivationsUpdatesAndDeletes_answerInOrder() throws Exception {
        Api.createDefinition(Defs.json("level70-ew", "conc-mixed"));
        List<Answer> answers = Concurrent.all(N, i -> () -> switch (i % 4) {
            case 0 -> Concurrent.send("PUT", "/api/v1/definitions/conc-mixed/active", "{\"active\":true}");
            case 1 -> Concurrent.send("PUT", "/api/v1/definitions/conc-mixed/active", "{\"active\":false}");
            case 2 -> Concurrent.send("PUT", "/api/v1/definitions/conc-mixed", Defs.json("level70-ew", "conc-mixed", n -> n.put("description", "v" + i)));
            default -> i == 19 ? Concurrent.send("DELETE", "/api/v1/definitions/conc-mixed", null)
                    : Concurrent.send("GET", "/api/v1/definitions/conc-mixed", null);
        });
        // the delete may come first: later writes then find no definition (404 problem), never a 500
        assertThat(answers).allSatisfy(a -> assertThat(a.isOrderlyOrRefusedWithAReason()
                || (a.status() == 404 && a.contentType().startsWith("application/problem+json"))).as(a.toString()).isTrue());
        List<Integer> versions = ints("SELECT v.version FROM definition_version v JOIN definition d ON d.id = v.definition_id "
                + "WHERE d.name = 'conc-mixed' ORDER BY v.version");
        assertThat(versions).isEqualTo(IntStream.rangeClosed(1, versions.size()).boxed().toList());
    }

    @Test
    void concurrentSignalJobs_storeOneSignalPerDefinitionAndDay() throws Exception {
        Api.createDefinition(Defs.json("level70-ew", "conc-signal"));
        Concurrent.send("PUT", "/api/v1/definitions/conc-signal/active", "{\"active\":true}");
        // as several nodes (or the cron and POST /api/v1/signals/run) would: the job itself, at once
        List<SignalService.JobOutcome> outcomes = Concurrent.all(4, i -> () -> signals.run(LAST_CLOSE, null));
        assertThat(outcomes).allSatisfy(o -> assertThat(o.failed()).as(o.toString()).isZero());
        assertThat(ints("SELECT count(*)::int FROM signal s JOIN definition d ON d.id = s.definition_id "
                + "WHERE d.name = 'conc-signal' AND s.as_of_date = DATE '2025-09-26'")).containsExactly(1);
        assertThat(outcomes.stream().mapToLong(o -> o.jobRunId()).distinct().count()).isEqualTo(4);
        Concurrent.send("PUT", "/api/v1/definitions/conc-signal/active", "{\"active\":false}");
    }

    private List<Integer> ints(String sql) throws Exception {
        List<Integer> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getInt(1));
            }
        }
        return out;
    }

    private List<String> strings(String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
