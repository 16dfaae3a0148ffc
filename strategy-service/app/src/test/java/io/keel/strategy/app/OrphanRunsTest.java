package io.keel.strategy.app;

import io.agroal.api.AgroalDataSource;
import io.keel.strategy.app.definitions.DefinitionStore;
import io.keel.strategy.app.runs.OrphanRuns;
import io.keel.strategy.app.runs.RunStore;
import io.keel.strategy.app.support.Api;
import io.keel.strategy.app.support.Defs;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** A run left RUNNING with no Quartz job (its execution ended without storing a result) is resumed and completes once. */
@QuarkusTest
class OrphanRunsTest {

    @Inject
    OrphanRuns orphans;

    @Inject
    RunStore runs;

    @Inject
    DefinitionStore definitions;

    @Inject
    AgroalDataSource ds;

    @Test
    void runningRunWithoutAJob_isResumed_andSucceedsExactlyOnce() throws Exception {
        Api.createDefinition(Defs.json("level70-ew", "orphan-run"));
        long definitionId = QuarkusTransaction.requiringNew().call(() -> definitions.find("orphan-run").orElseThrow().id());
        // what an execution that gave up leaves behind: the run claimed (RUNNING, an open execution), no Quartz job
        long id = QuarkusTransaction.requiringNew().call(() -> {
            long runId = runs.insert(definitionId, 1, "latest");
            runs.claim(runId, "a-node-that-gave-up", false);
            return runId;
        });
        assertThat(orphans.resumeOrphans(0)).contains(id);

        assertThat(Api.await(id, Duration.ofSeconds(60)).jsonPath().getString("status")).isEqualTo("SUCCEEDED");
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FILTER (WHERE outcome = 'SUCCEEDED'), count(*) FROM run_execution WHERE run_id = " + id)) {
            rs.next();
            assertThat(rs.getInt(1)).as("successful executions").isEqualTo(1);
            assertThat(rs.getInt(2)).as("executions: the abandoned one and the resumed one").isEqualTo(2);
        }
        assertThat(orphans.resumeOrphans(0)).as("nothing left to resume").doesNotContain(id);
    }
}
