package io.keel.engine;

import io.keel.engine.calc.BacktestResult;
import io.keel.engine.data.PriceHistory;
import io.keel.engine.data.PriceSeries;
import io.keel.engine.definition.BacktestDefinition;
import io.keel.engine.definition.Holding;
import io.keel.engine.definition.PluginRef;
import io.keel.engine.definition.Rebalance;
import io.keel.engine.definition.Semantics;
import io.keel.spi.ReturnKind;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The signal's next session comes from the NYSE calendar, so a month's last session is known across a holiday. */
class NextSessionCalendarTest {

    /** Weekday closes from 2024-03-18 up to {@code last}. */
    static PriceHistory upTo(LocalDate last) {
        List<LocalDate> days = new java.util.ArrayList<>();
        for (LocalDate d = LocalDate.of(2024, 3, 18); !d.isAfter(last); d = d.plusDays(1)) {
            if (d.getDayOfWeek().getValue() <= 5) {
                days.add(d);
            }
        }
        LocalDate[] d = days.toArray(LocalDate[]::new);
        double[] a = new double[d.length];
        double[] b = new double[d.length];
        for (int i = 0; i < d.length; i++) {
            a[i] = 100 + i;
            b[i] = 50;
        }
        return PriceHistory.of(List.of(PriceSeries.of("A", d, a), PriceSeries.of("B", d, b)));
    }

    static BacktestDefinition monthlyEqualWeight() {
        return new BacktestDefinition("t", null, List.of("A", "B"), Map.of(), null, null, Rebalance.monthly(),
                PluginRef.of("equal-weight", Map.of()), List.of(), null, 0.0,
                new Semantics(ReturnKind.SIMPLE, 1, Holding.DRIFT, null, null), null);
    }

    @Test
    void dataEndingTheThursdayBeforeGoodFriday_decidesMarchsRebalance_forMondayAprilFirst() {
        BacktestResult r = TestData.run(monthlyEqualWeight(), upTo(LocalDate.of(2024, 3, 28)));
        assertThat(r.next().asOf()).isEqualTo(LocalDate.of(2024, 3, 28));
        assertThat(r.next().nextSession()).isEqualTo(LocalDate.of(2024, 4, 1));
        // Good Friday (March 29) is an exchange holiday: March 28 is March's last session, a rebalance close
        assertThat(r.next().rebalance()).isTrue();
        assertThat(r.next().weights()).containsEntry("A", 0.5).containsEntry("B", 0.5);
    }

    @Test
    void dataEndingMidMonth_carriesTheWeightsForward() {
        BacktestResult r = TestData.run(monthlyEqualWeight(), upTo(LocalDate.of(2024, 3, 27)));
        assertThat(r.next().nextSession()).isEqualTo(LocalDate.of(2024, 3, 28));
        assertThat(r.next().rebalance()).isFalse();
    }
}
