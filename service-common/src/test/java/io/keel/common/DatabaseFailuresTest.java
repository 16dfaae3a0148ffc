package io.keel.common;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseFailuresTest {

    @Test
    void connectionFailures_areUnavailable_evenWhenWrapped() {
        assertThat(DatabaseFailures.isUnavailable(new SQLException("Connection refused", "08001"))).isTrue();
        assertThat(DatabaseFailures.isUnavailable(new RuntimeException(new SQLException("terminating connection due to administrator command", "57P01")))).isTrue();
        assertThat(DatabaseFailures.isUnavailable(new SQLTransientConnectionException("gone"))).isTrue();
        assertThat(DatabaseFailures.isUnavailable(new IllegalStateException(new SQLException("Acquisition timeout while waiting for new connection")))).isTrue();
    }

    @Test
    void otherFailures_areNot() {
        assertThat(DatabaseFailures.isUnavailable(new SQLIntegrityConstraintViolationException("dup", "23505"))).isFalse();
        assertThat(DatabaseFailures.isUnavailable(new SQLException("syntax", "42601"))).isFalse();
        assertThat(DatabaseFailures.isUnavailable(new IllegalArgumentException("x"))).isFalse();
        assertThat(DatabaseFailures.isUnavailable(null)).isFalse();
    }
}
