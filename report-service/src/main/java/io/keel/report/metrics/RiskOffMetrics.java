package io.keel.report.metrics;

/**
 * Time spent risk-off, from the {@code risk_off} diagnostic column (1 on a risk-off day, else 0) of
 * definitions with a regime overlay.
 *
 * @param days     rows with {@code risk_off >= 0.5} (trading days)
 * @param fraction days / rows (fraction of days)
 */
public record RiskOffMetrics(int days, double fraction) {

    public static RiskOffMetrics of(double[] riskOff) {
        int d = 0;
        for (double x : riskOff) {
            d += !Double.isNaN(x) && x >= 0.5 ? 1 : 0;
        }
        return new RiskOffMetrics(d, (double) d / riskOff.length);
    }
}
