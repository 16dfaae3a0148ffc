package io.keel.engine.calc;

import io.keel.engine.TestData;
import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A daily series cannot be changed from outside, and a series that shares the resolved backtest's
 * arrays (its price and return columns start at the series' first row of a longer array) shows exactly
 * its own rows.
 */
class DailySeriesTest {

    @Test
    void constructorCopies_andColumnReturnsACopy() {
        LocalDate[] dates = {LocalDate.of(2024, 1, 2), LocalDate.of(2024, 1, 3)};
        double[] x = {1.0, 2.0};
        Map<String, double[]> cols = new LinkedHashMap<>();
        cols.put("x", x);
        DailySeries s = new DailySeries(dates, cols);
        x[0] = 99.0;
        dates[0] = LocalDate.of(1999, 1, 1);
        assertThat(s.value("x", 0)).isEqualTo(1.0);
        assertThat(s.date(0)).isEqualTo(LocalDate.of(2024, 1, 2));
        s.column("x").orElseThrow()[1] = 99.0;
        assertThat(s.value("x", 1)).isEqualTo(2.0);
    }

    @Test
    void sharedColumns_showOnlyTheSeriesRows() throws Exception {
        ResolvedBacktest rb = new BacktestResolver(TestData.REGISTRY).resolve(TestData.definition("level63"), TestData.etf8());
        DailySeries s = BacktestCalculator.calculate(rb).series();
        int first = rb.rows() - s.size();
        assertThat(first).as("level63 starts after its first price row").isGreaterThan(0);
        assertThat(s.date(0)).isEqualTo(rb.dates()[first]);
        double[] price = s.column("price_SPY").orElseThrow();
        assertThat(price).hasSize(s.size());
        assertThat(price[0]).isEqualTo(rb.prices()[first][0]);
        assertThat(s.value("ret_TLT", s.size() - 1)).isEqualTo(rb.returns()[rb.rows() - 1][5]);
        assertThatThrownBy(() -> s.value("price_SPY", -1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> s.value("base_ret", s.size())).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> s.date(s.size())).isInstanceOf(IndexOutOfBoundsException.class);
        // writing a column handed out changes nothing
        price[0] = -1.0;
        assertThat(s.value("price_SPY", 0)).isEqualTo(rb.prices()[first][0]);
        StringWriter csv = new StringWriter();
        s.writeCsv(csv);
        assertThat(csv.toString().lines().count()).isEqualTo(s.size() + 1);
        assertThat(csv.toString().lines().skip(1).findFirst().orElseThrow()).startsWith(rb.dates()[first] + "," + rb.prices()[first][0] + ",");
    }
}
