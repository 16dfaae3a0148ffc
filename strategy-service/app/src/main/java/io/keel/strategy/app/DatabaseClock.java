package io.keel.strategy.app;

import io.quarkus.hibernate.orm.panache.Panache;

import java.time.OffsetDateTime;

/**
 * The database's clock, for timestamps the Panache entities write: every node of the cluster then stamps
 * changes with one clock, the one the tables' {@code DEFAULT now()} columns use.
 */
public final class DatabaseClock {

    private DatabaseClock() {
    }

    /** PostgreSQL's {@code now()}: the start of the current transaction (call inside one). */
    public static OffsetDateTime now() {
        return (OffsetDateTime) Panache.getEntityManager().createNativeQuery("SELECT now()", OffsetDateTime.class).getSingleResult();
    }
}
