package io.keel.engine;

import io.keel.engine.calc.BacktestResult;
import io.keel.engine.calc.DailySeries;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The five example definitions (seed-compatible options) reproduce every daily value the original
 * scripts wrote on the same prices, within 1e-9 absolute, on every row.
 */
class SeedParityTest {

    static final double TOL = 1e-9;

    @Test
    void level73_matchesGolden_onEveryRow() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("base_ret", "base_ret");
        map.put("leverage", "leverage");
        map.put("port_ret", "port_ret");
        map.put("base_eq", "base_equity");
        map.put("port_eq", "port_equity");
        perAsset(map, "%s", "price_%s");
        perAsset(map, "ret_%s", "ret_%s");
        perAsset(map, "w_base_%s", "w_%s");
        assertParity("level73", "level73/level73_vol_target_overlay.csv", map);
    }

    @Test
    void level70Hrp_matchesGolden_onEveryRow() {
        assertParity("level70-hrp", "level70-hrp/level70_vol_target_drawdown.csv", level70Columns());
    }

    @Test
    void level70Ew_matchesGolden_onEveryRow() {
        assertParity("level70-ew", "level70-ew/level70_ew_vol_target_drawdown.csv", level70Columns());
    }

    @Test
    void level61_matchesGolden_onEveryRow_includingCosts() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("port_ret_tc", "port_ret");
        map.put("port_ret", "base_ret");
        map.put("equity_tc", "port_equity");
        map.put("equity", "base_equity");
        map.put("turnover", "turnover");
        map.put("tc_cost", "cost");
        map.put("risk_off", "risk_off");
        map.put("eq_vol_ann", "eq_vol_ann");
        map.put("eq_cum_ret", "eq_cum_ret");
        perAsset(map, "ret_%s", "ret_%s");
        perAsset(map, "w_%s", "w_%s");
        assertParity("level61", "level61/level61_regime_riskparity.csv", map);
    }

    @Test
    void level63_matchesGolden_onEveryRow() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("ret_port_base", "base_ret");
        map.put("equity_base", "base_equity");
        map.put("leverage", "leverage");
        map.put("ret_port_dyn", "port_ret");
        map.put("equity_dyn", "port_equity");
        map.put("dd_dyn", "port_drawdown");
        perAsset(map, "%s", "price_%s");
        perAsset(map, "ret_%s", "ret_%s");
        perAsset(map, "w_%s", "w_%s");
        assertParity("level63", "level63/level63_dd_leverage_series.csv", map);
    }

    private static Map<String, String> level70Columns() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("ret_base", "base_ret");
        map.put("lev_final", "leverage");
        map.put("ret_targeted", "port_ret");
        map.put("eq_base", "base_equity");
        map.put("eq_targeted", "port_equity");
        map.put("vol_ann", "vol_ann");
        map.put("dd_scale", "dd_scale");
        perAsset(map, "%s", "price_%s");
        perAsset(map, "ret_%s", "ret_%s");
        perAsset(map, "w_base_%s", "w_%s");
        return map;
    }

    private static void perAsset(Map<String, String> map, String golden, String ours) {
        for (String s : TestData.ETF8) {
            map.put(String.format(golden, s), String.format(ours, s));
        }
    }

    static void assertParity(String definition, String goldenFile, Map<String, String> columns) {
        BacktestResult result = TestData.run(TestData.definition(definition));
        TestData.Golden golden = TestData.golden(goldenFile);
        DailySeries s = result.series();
        assertThat(s.dates()).as(definition + " dates").isEqualTo(golden.dates());
        List<String> failures = new ArrayList<>();
        double overall = 0;
        int compared = 0;
        for (var e : columns.entrySet()) {
            double[] g = golden.column(e.getKey());
            double[] o = s.column(e.getValue()).orElseThrow(() -> new AssertionError("no column " + e.getValue()));
            double worst = 0;
            int worstRow = -1;
            for (int i = 0; i < g.length; i++) {
                if (Double.isNaN(g[i]) || Double.isNaN(o[i])) {
                    if (Double.isNaN(g[i]) != Double.isNaN(o[i])) {
                        failures.add(e.getKey() + " NaN mismatch on " + golden.dates().get(i) + ": golden " + g[i] + ", ours " + o[i]);
                        break;
                    }
                    continue;
                }
                double d = Math.abs(g[i] - o[i]);
                if (d > worst) {
                    worst = d;
                    worstRow = i;
                }
            }
            overall = Math.max(overall, worst);
            compared += g.length;
            if (worst > TOL) {
                failures.add(String.format("%s vs %s: max |diff| %.3e on %s (golden %s, ours %s)", e.getKey(), e.getValue(),
                        worst, golden.dates().get(worstRow), g[worstRow], o[worstRow]));
            }
        }
        System.out.printf("parity %s: %d rows, %d columns, %d values compared, max |diff| %.3e%n",
                definition, golden.dates().size(), columns.size(), compared, overall);
        assertThat(compared).isGreaterThan(golden.dates().size() * 10);
        assertThat(failures).as(definition + " columns outside " + TOL).isEmpty();
    }
}
