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

    @Test
    void steppedColumn_showsEachStretchsValue_onEveryRowOfIt() throws Exception {
        LocalDate d0 = LocalDate.of(2024, 1, 2);
        LocalDate[] dates = new LocalDate[6];
        for (int i = 0; i < dates.length; i++) {
            dates[i] = d0.plusDays(i);
        }
        LinkedHashMap<String, DailySeries.Column> cols = new LinkedHashMap<>();
        // rows 0-1: 0.25, rows 2-4: 0.5, row 5: 0.125 (capacity beyond the steps is ignored)
        cols.put("w", new DailySeries.Column.Stepped(new int[] {0, 2, 5, 0}, new double[] {0.25, 0.5, 0.125, 9.0}, 3));
        cols.put("x", new DailySeries.Column.Dense(new double[] {9, 1, 2, 3, 4, 5, 6}, 1));
        DailySeries s = DailySeries.sharing(dates, 0, 6, cols);
        double[] expected = {0.25, 0.25, 0.5, 0.5, 0.5, 0.125};
        assertThat(s.column("w").orElseThrow()).containsExactly(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat(s.value("w", i)).isEqualTo(expected[i]);
        }
        assertThatThrownBy(() -> s.value("w", 6)).isInstanceOf(IndexOutOfBoundsException.class);
        StringWriter csv = new StringWriter();
        s.writeCsv(csv);
        assertThat(csv.toString().lines().toList()).containsExactly("date,w,x", d0 + ",0.25,1.0",
                d0.plusDays(1) + ",0.25,2.0", d0.plusDays(2) + ",0.5,3.0", d0.plusDays(3) + ",0.5,4.0",
                d0.plusDays(4) + ",0.5,5.0", d0.plusDays(5) + ",0.125,6.0");
        // a series over fewer rows copies only those
        assertThat(DailySeries.sharing(dates, 0, 3, cols).column("w").orElseThrow()).containsExactly(0.25, 0.25, 0.5);
    }

    @Test
    void steppedColumn_mustStartAtRowZero_andStepForward() {
        assertThatThrownBy(() -> new DailySeries.Column.Stepped(new int[] {1, 3}, new double[] {1, 2}, 2))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DailySeries.Column.Stepped(new int[] {0, 3, 3}, new double[] {1, 2, 3}, 3))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DailySeries.Column.Stepped(new int[0], new double[0], 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void constantHolding_weightColumns_changeAboutOncePerRebalance_andReadTheSameByRowAndWhole() {
        // level63 holds constant weights between month ends: every row's weight is that of the last
        // rebalance on or before it, which is where the weights change
        DailySeries s = TestData.run(TestData.definition("level63")).series();
        double[] w = s.column("w_SPY").orElseThrow();
        int changes = 0;
        for (int i = 1; i < w.length; i++) {
            assertThat(s.value("w_SPY", i)).isEqualTo(w[i]);
            changes += w[i] != w[i - 1] ? 1 : 0;
        }
        assertThat(changes).isBetween(100, 200);
    }
    @Test
    void csv_ofManyRows_readsBackBitIdentical_rowByRowInOrder() throws Exception {
        // 7,001 rows of 40 columns: many blocks, formatted on two threads, an odd block at the end
        java.util.Random random = new java.util.Random(20261208L);
        int n = 7_001;
        LocalDate[] dates = new LocalDate[n];
        Map<String, double[]> cols = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            dates[i] = LocalDate.of(1990, 1, 1).plusDays(i);
        }
        for (int c = 0; c < 40; c++) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = switch (random.nextInt(5)) {
                    case 0 -> Double.NaN;
                    case 1 -> Double.longBitsToDouble(random.nextLong() & 0x7fefffffffffffffL);
                    default -> random.nextGaussian() * Math.pow(10, random.nextInt(12) - 6);
                };
            }
            cols.put("c" + c, v);
        }
        StringWriter csv = new StringWriter();
        new DailySeries(dates, cols).writeCsv(csv);
        java.util.List<String> lines = csv.toString().lines().toList();
        assertThat(lines).hasSize(n + 1);
        for (int i = 0; i < n; i++) {
            String[] cells = lines.get(i + 1).split(",", -1);
            assertThat(cells[0]).isEqualTo(dates[i].toString());
            int c = 1;
            for (double[] v : cols.values()) {
                if (Double.isNaN(v[i])) {
                    assertThat(cells[c]).isEmpty();
                } else {
                    assertThat(Double.doubleToRawLongBits(Double.parseDouble(cells[c])))
                            .as("row %d column %d: %s", i, c, cells[c]).isEqualTo(Double.doubleToRawLongBits(v[i]));
                }
                c++;
            }
        }
    }
}
