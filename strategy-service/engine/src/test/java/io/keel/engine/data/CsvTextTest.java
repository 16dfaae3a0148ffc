package io.keel.engine.data;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CsvTextTest {

    @Test
    void formulaLeaders_getAnApostrophe() {
        assertThat(CsvText.cell("=HYPERLINK(\"http://x\")")).isEqualTo("\"'=HYPERLINK(\"\"http://x\"\")\"");
        assertThat(CsvText.cell("+1+2")).isEqualTo("'+1+2");
        assertThat(CsvText.cell("-2+3")).isEqualTo("'-2+3");
        assertThat(CsvText.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(CsvText.cell("\tcmd")).isEqualTo("'\tcmd");
    }

    @Test
    void ordinaryNames_areUnchanged_andSeparatorsAreQuoted() {
        assertThat(CsvText.cell("w_SPY")).isEqualTo("w_SPY");
        assertThat(CsvText.cell("price_^GSPC")).isEqualTo("price_^GSPC");
        assertThat(CsvText.cell("a,b")).isEqualTo("\"a,b\"");
        assertThat(CsvText.cell("line\nbreak")).isEqualTo("\"line\nbreak\"");
        assertThat(CsvText.cell(null)).isEmpty();
    }
}
