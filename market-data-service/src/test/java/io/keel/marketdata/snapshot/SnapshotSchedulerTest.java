package io.keel.marketdata.snapshot;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

/** The scheduled snapshot follows the suite's NYSE calendar (its cron fires Monday to Friday). */
class SnapshotSchedulerTest {

    @Test
    void scheduledSnapshot_isSkippedOnExchangeHolidays_andTakenOnEarlyCloseDays() {
        assertThat(SnapshotScheduler.takesSnapshot(LocalDate.parse("2025-11-27"))).as("Thanksgiving").isFalse();
        assertThat(SnapshotScheduler.takesSnapshot(LocalDate.parse("2026-04-03"))).as("Good Friday").isFalse();
        assertThat(SnapshotScheduler.takesSnapshot(LocalDate.parse("2026-07-03"))).as("Independence Day observed").isFalse();
        assertThat(SnapshotScheduler.takesSnapshot(LocalDate.parse("2025-11-28"))).as("early close").isTrue();
        assertThat(SnapshotScheduler.takesSnapshot(LocalDate.parse("2025-09-26"))).as("a Friday").isTrue();
    }
}
