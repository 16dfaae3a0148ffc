package io.keel.strategy.app.sweeps;

import io.keel.common.ProblemException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SweepResultQueryTest {

    @Test
    void noSort_ranksByTheSweepsRanking_bestFirstByEachMetricsDirection() {
        ResultQuery q = ResultQuery.parse(null, null, null, List.of(SweepMetric.SHARPE, SweepMetric.ANNUAL_VOLATILITY));
        assertThat(q.orderBy()).isEqualTo(" ORDER BY sharpe DESC NULLS LAST, annual_volatility ASC NULLS LAST, variant_index ASC");
        assertThat(q.sortText()).isEqualTo("-sharpe,annualVolatility");
        assertThat(q.where()).isEmpty();
    }

    @Test
    void filter_bindsNumbersAsParameters_andMapsNamesToFixedColumns() {
        ResultQuery q = ResultQuery.parse("-calmar,index", "sharpe>0.5, maxDrawdown >= -0.2,turnover!=1e1", false, List.of(SweepMetric.SHARPE));
        assertThat(q.where()).isEqualTo(" AND sharpe > ? AND max_drawdown >= ? AND turnover <> ? AND failure IS NULL");
        assertThat(q.parameters()).containsExactly(0.5, -0.2, 10.0);
        assertThat(q.orderBy()).isEqualTo(" ORDER BY calmar DESC NULLS LAST, variant_index ASC NULLS LAST, variant_index ASC");
    }

    @Test
    void unknownNamesMalformedConditionsAndNonNumbers_areRefusedNamingTheParameterAndItem() {
        assertThatThrownBy(() -> ResultQuery.parse("sharpe,-volatility", null, null, List.of()))
                .isInstanceOf(ProblemException.class)
                .satisfies(e -> {
                    var p = ((ProblemException) e).problem();
                    assertThat(p.errors().get(0).field()).isEqualTo("sort");
                    assertThat(p.errors().get(0).message()).contains("item 2", "-volatility", "annualVolatility");
                });
        for (String bad : List.of("sharpe", "sharpe>>1", "sharpe>1;drop table x", "sharpe>NaN", "sharpe>Infinity", "cagr>0x10", "sharpe>0.5,")) {
            assertThatThrownBy(() -> ResultQuery.parse(null, bad, null, List.of()))
                    .as(bad).isInstanceOf(ProblemException.class)
                    .satisfies(e -> assertThat(((ProblemException) e).problem().errors().get(0).field()).isEqualTo("filter"));
        }
        assertThatThrownBy(() -> ResultQuery.parse(null, "index>1,leverage<2", null, List.of()))
                .satisfies(e -> assertThat(((ProblemException) e).problem().errors().get(0).message()).contains("item 2 'leverage<2'"));
    }
}
