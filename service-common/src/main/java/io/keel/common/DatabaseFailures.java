package io.keel.common;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;

/**
 * Tells an unavailable database (server stopped or restarting, connection refused or lost, pool
 * unable to connect) from every other failure, by the JDBC standard: SQLState class {@code 08}
 * (connection exception), PostgreSQL's {@code 57P01..57P03} (admin shutdown, crash shutdown, cannot
 * connect now), the JDBC recoverable/transient-connection exception types, and Agroal's acquisition
 * timeout. Only those are worth waiting for and retrying; a constraint violation or a bad query is not.
 */
public final class DatabaseFailures {

    private DatabaseFailures() {
    }

    /** True when {@code e} or one of its causes says the database cannot be reached right now. */
    public static boolean isUnavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                if (state != null && (state.startsWith("08") || state.startsWith("57P0"))) {
                    return true;
                }
                String msg = sql.getMessage();
                if (msg != null && msg.contains("Acquisition timeout")) {
                    return true;
                }
            }
            if (t.getClass().getName().equals("org.hibernate.exception.JDBCConnectionException")) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when {@code e} or one of its causes is a unique-constraint violation (SQLState {@code 23505}):
     * another writer stored the same key first.
     */
    public static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            // Hibernate's and the transaction manager's wrappers keep the driver's SQLException as a cause
            if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
