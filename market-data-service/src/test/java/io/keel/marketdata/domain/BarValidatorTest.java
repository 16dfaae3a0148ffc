package io.keel.marketdata.domain;

import io.keel.prices.RawBar;
import io.keel.prices.Issue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class BarValidatorTest {

    private static RawBar raw(String date, String close, String adj) {
        return new RawBar(LocalDate.parse(date), null, null, null, close == null ? null : new BigDecimal(close),
                adj == null ? null : new BigDecimal(adj), 100L);
    }

    @Test
    void validSeries_passesUnchanged_withTheSourcesExactDecimals() {
        ValidatedSeries v = new BarValidator(0.35, false).validate(List.of(raw("2024-01-02", "10", "9.5"), raw("2024-01-03", "10.1", "9.6")),
                List.of(), null);
        assertThat(v.bars()).hasSize(2);
        assertThat(v.issues()).isEmpty();
        assertThat(v.bars().get(0).adjClose()).isEqualTo(new java.math.BigDecimal("9.5"));
    }

    @Test
    void jumpBeyondTheBound_isFlagged_orRejectedWhenConfigured() {
        List<RawBar> rows = List.of(raw("2024-01-02", "10", "10"), raw("2024-01-03", "15", "15"));
        ValidatedSeries flagged = new BarValidator(0.35, false).validate(rows, List.of(), null);
        assertThat(flagged.bars()).hasSize(2);
        assertThat(flagged.issues()).extracting(Issue::code).containsExactly("JUMP");
        ValidatedSeries rejected = new BarValidator(0.35, true).validate(rows, List.of(), null);
        assertThat(rejected.bars()).hasSize(1);
        assertThat(rejected.rejected()).isEqualTo(1);
    }

    @Test
    void jumpAgainstTheLastStoredBar_isChecked() {
        Bar stored = new Bar(LocalDate.parse("2024-01-02"), null, null, null, null, new BigDecimal("10"), null);
        ValidatedSeries v = new BarValidator(0.35, false).validate(List.of(raw("2024-01-03", "5", "5")), List.of(), stored);
        assertThat(v.issues()).extracting(Issue::code).containsExactly("JUMP");
    }

    @Test
    void missingAndNonPositivePrices_areRejected() {
        ValidatedSeries v = new BarValidator(0.35, false).validate(
                List.of(raw("2024-01-02", null, null), raw("2024-01-03", "0", "1"), raw("2024-01-04", "1", "-1"), raw("2024-01-05", "1", "1")),
                List.of(), null);
        assertThat(v.bars()).hasSize(1);
        assertThat(v.rejected()).isEqualTo(3);
        assertThat(v.issues()).extracting(Issue::code).containsExactly("MISSING_PRICE", "NON_POSITIVE", "NON_POSITIVE");
    }

    @Test
    void bar_refusesNonPositiveAdjustedClose() {
        assertThatThrownBy(() -> new Bar(LocalDate.parse("2024-01-02"), null, null, null, null, BigDecimal.ZERO, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void absurdPrices_above1e12_areRejected_asOutOfRange() {
        ValidatedSeries v = new BarValidator(0.35, false).validate(List.of(raw("2024-01-02", "10", "10"),
                raw("2024-01-03", "1e400", "1e400"), raw("2024-01-04", "10.2", "10.2")), List.of(), null);
        assertThat(v.bars()).extracting(b -> b.date().toString()).containsExactly("2024-01-02", "2024-01-04");
        assertThat(v.rejected()).isEqualTo(1);
        assertThat(v.issues()).anySatisfy(i -> assertThat(i.code()).isEqualTo("OUT_OF_RANGE"));
    }
}
