package io.keel.strategy.app;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * V9 (issue 17) on a database that already holds live definitions whose names differ only by case: it keeps every
 * definition and its versions, renames all but the oldest of each group to {@code <name>-<id>} with an audit row,
 * and from then on a name is unique regardless of case (a deleted definition's name stays free to reuse). Runs the
 * real migrations with Flyway in a schema of its own in the strategy test database.
 */
class NameMigrationTest {

    static final String URL = System.getenv().getOrDefault("KEEL_TEST_DB_URL_STRATEGY", "jdbc:postgresql://"
            + System.getenv().getOrDefault("KEEL_TEST_DB_HOST", "127.0.0.1") + ":" + System.getenv().getOrDefault("KEEL_TEST_DB_PORT", "5432")
            + "/keel_strategy_test");
    static final String USER = System.getenv().getOrDefault("KEEL_TEST_DB_USER", "postgres");
    static final String PASSWORD = System.getenv().getOrDefault("KEEL_TEST_DB_PASSWORD", "");
    static final String SCHEMA = "strategy_v7_test";

    private static Flyway flyway(String target) {
        return Flyway.configure().dataSource(URL, USER, PASSWORD).schemas(SCHEMA).defaultSchema(SCHEMA)
                .locations("classpath:db/strategy").target(target).cleanDisabled(false).load();
    }

    @Test
    void definitionsDifferingOnlyByCase_areKept_renamed_andAudited_thenNamesAreUniqueIgnoringCase() throws Exception {
        flyway("latest").clean();
        flyway("6").migrate();
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement s = c.createStatement()) {
            s.execute("SET search_path TO " + SCHEMA);
            s.execute("INSERT INTO definition (id, name) VALUES (1, 'Level63'), (2, 'level63'), (3, 'LEVEL63'), (4, 'other')");
            s.execute("INSERT INTO definition (id, name, deleted_at) VALUES (5, 'OTHER', now())");
            s.execute("SELECT setval(pg_get_serial_sequence('definition', 'id'), 5)");
            s.execute("INSERT INTO definition_version (definition_id, version, body) VALUES (1, 1, '{}'), (2, 1, '{}'), (2, 2, '{}'), (3, 1, '{}')");
        }
        flyway("latest").migrate();
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement s = c.createStatement()) {
            s.execute("SET search_path TO " + SCHEMA);
            assertThat(strings(s, "SELECT id || ':' || name FROM definition ORDER BY id"))
                    .containsExactly("1:Level63", "2:level63-2", "3:LEVEL63-3", "4:other", "5:OTHER");
            assertThat(strings(s, "SELECT definition_id || '/' || version FROM definition_version ORDER BY 1"))
                    .containsExactly("1/1", "2/1", "2/2", "3/1");
            assertThat(strings(s, "SELECT definition || ' ' || detail FROM audit_event WHERE action = 'definition.renamed' ORDER BY id"))
                    .hasSize(2).anySatisfy(a -> assertThat(a).startsWith("level63-2 renamed from 'level63'"));
            assertThatThrownBy(() -> s.execute("INSERT INTO definition (name) VALUES ('LEVEL63-2')"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("definition_live_name_uq");
            assertThatThrownBy(() -> s.execute("INSERT INTO definition (name) VALUES ('Other')"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("definition_live_name_uq");
            s.execute("UPDATE definition SET deleted_at = now() WHERE id = 4");
            s.execute("INSERT INTO definition (name) VALUES ('Other')");
        } finally {
            flyway("latest").clean();
        }
    }

    private static List<String> strings(Statement s, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
