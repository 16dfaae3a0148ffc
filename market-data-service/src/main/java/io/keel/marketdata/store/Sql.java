package io.keel.marketdata.store;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.function.Function;

/** Small JDBC helpers: PostgreSQL array literals and null-safe column reads. */
final class Sql {

    /** Rows visible at snapshot {@code ?}: to be bound twice with the same snapshot id. */
    static final String VISIBLE_AT = "first_snapshot_id <= ? AND (superseded_by_snapshot_id IS NULL OR superseded_by_snapshot_id > ?)";

    private Sql() {
    }

    /** A PostgreSQL array literal such as {@code {1.5,NULL}} of the values' {@code toString()}s. */
    static <T> String arrayLiteral(Collection<T> items, Function<T, Object> value) {
        StringBuilder sb = new StringBuilder(items.size() * 12 + 2).append('{');
        boolean first = true;
        for (T item : items) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            Object v = value.apply(item);
            sb.append(v == null ? "NULL" : v instanceof BigDecimal d ? d.toPlainString() : v.toString());
        }
        return sb.append('}').toString();
    }

    static LocalDate date(ResultSet rs, String col) throws SQLException {
        return rs.getObject(col, LocalDate.class);
    }

    static Instant instant(ResultSet rs, String col) throws SQLException {
        Timestamp t = rs.getTimestamp(col);
        return t == null ? null : t.toInstant();
    }

    static Long longOrNull(ResultSet rs, String col) throws SQLException {
        long v = rs.getLong(col);
        return rs.wasNull() ? null : v;
    }
}
