package io.keel.result;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NextSignalTest {

    @Test
    void weightsAndDiagnostics_keepTheOrderGiven_andCannotBeChanged() {
        List<String> symbols = List.of("SPY", "QQQ", "IWM", "EFA", "EEM", "TLT", "LQD", "GLD", "AGG", "VNQ", "DBC", "HYG");
        Map<String, Double> weights = new LinkedHashMap<>();
        symbols.forEach(s -> weights.put(s, 1.0 / symbols.size()));
        Map<String, Double> diagnostics = new LinkedHashMap<>();
        diagnostics.put("vol_leverage", 1.3);
        diagnostics.put("vol_ann", 0.07);
        diagnostics.put("drawdown", -0.02);

        NextSignal s = new NextSignal(LocalDate.of(2025, 9, 26), LocalDate.of(2025, 9, 29), true, weights, 1.3, diagnostics);

        assertThat(s.weights().keySet()).containsExactlyElementsOf(symbols);
        assertThat(s.diagnostics().keySet()).containsExactly("vol_leverage", "vol_ann", "drawdown");
        assertThatThrownBy(() -> s.weights().put("X", 0.1)).isInstanceOf(UnsupportedOperationException.class);
        weights.clear();
        assertThat(s.weights()).hasSize(symbols.size());
    }

    @Test
    void missingMaps_areEmpty_andNullEntriesAreRefused() {
        NextSignal s = new NextSignal(LocalDate.of(2025, 9, 26), LocalDate.of(2025, 9, 29), false, null, 1.0, null);
        assertThat(s.weights()).isEmpty();
        assertThat(s.diagnostics()).isEmpty();
        Map<String, Double> withNull = new HashMap<>();
        withNull.put("SPY", null);
        assertThatThrownBy(() -> new NextSignal(LocalDate.of(2025, 9, 26), LocalDate.of(2025, 9, 29), false, withNull, 1.0, null))
                .isInstanceOf(NullPointerException.class);
    }
}
