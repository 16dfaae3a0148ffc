package io.keel.marketdata.domain;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SymbolsTest {

    @Test
    void tickers_withIndexAndFxSyntax_areAccepted_upperCased() {
        assertThat(Symbols.normalize(" spy ")).isEqualTo("SPY");
        assertThat(Symbols.normalize("^GSPC")).isEqualTo("^GSPC");
        assertThat(Symbols.normalize("EURUSD=X")).isEqualTo("EURUSD=X");
        assertThat(Symbols.normalize("BRK-B")).isEqualTo("BRK-B");
    }

    @Test
    void formulaLeaders_injectionAndTraversal_areRejected() {
        assertThat(Symbols.normalize("=A1")).isNull();
        assertThat(Symbols.normalize("-2")).isNull();
        assertThat(Symbols.normalize("=CMD|'/C CALC'!A0")).isNull();
        assertThat(Symbols.normalize("SPY'; DROP TABLE BAR;--")).isNull();
        assertThat(Symbols.normalize("../../ETC/PASSWD")).isNull();
        assertThat(Symbols.normalize("")).isNull();
        assertThat(Symbols.normalize("A".repeat(33))).isNull();
    }
}
