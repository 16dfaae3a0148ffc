package io.keel.marketdata.snapshot;

import io.keel.common.DatabaseRetry;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The application's {@link DatabaseRetry} (the real PostgreSQL behind it), with a switch for outage
 * tests: while {@link #down} is set, every attempt of background work fails as a lost connection does
 * (SQLState 08006) and is retried and given up exactly as in a real outage. Off, it is the real one.
 */
@Alternative
@Priority(1)
@Singleton
public class SwitchableDatabaseRetry extends DatabaseRetry {

    private final AtomicBoolean down = new AtomicBoolean();

    public SwitchableDatabaseRetry(@ConfigProperty(name = "keel.database.outage-wait", defaultValue = "PT2M") Duration window) {
        super(window);
    }

    /** Makes the database unavailable to background work ({@code true}) or available again. */
    public void down(boolean unavailable) {
        down.set(unavailable);
    }

    @Override
    public <T> T get(Supplier<T> work, Class<T> type) {
        return super.get(() -> {
            failWhileDown();
            return work.get();
        }, type);
    }

    @Override
    public void run(Runnable work) {
        super.run(() -> {
            failWhileDown();
            work.run();
        });
    }

    private void failWhileDown() {
        if (down.get()) {
            throw new IllegalStateException("database unavailable (test outage)",
                    new SQLException("connection lost (test outage)", "08006"));
        }
    }
}
