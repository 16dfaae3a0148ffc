"""Independent computation of Keel's benchmark-relative metrics (docs/metrics.md) with numpy/pandas.

Writes returns.csv (fixed inputs: date,strategy,benchmark; an empty benchmark cell = the benchmark lacks that day)
and expected.json. Run: /usr/bin/python3 relative_metrics.py (from this directory). RelativeMetricsTest reads both.
"""
import json
import numpy as np
import pandas as pd

rng = np.random.default_rng(7)
dates = pd.bdate_range("2019-01-02", "2021-12-31")
b = rng.normal(0.0009, 0.011, len(dates))
s = 0.8 * b + rng.normal(0.0003, 0.006, len(dates))
bench = pd.Series(b, index=dates)
bench = bench.drop(dates[[5, 100, 101, 400]])        # days the benchmark lacks
bench.iloc[200] = np.nan                              # a day without a benchmark return
strat = pd.Series(s, index=dates)

out = pd.DataFrame({"strategy": strat, "benchmark": bench})
out.index.name = "date"
out.to_csv("returns.csv", float_format="%.17g", na_rep="")

rf_annual = 0.02
a = pd.concat([strat, bench], axis=1, join="inner").dropna()
rs, rb = a.iloc[:, 0].to_numpy(), a.iloc[:, 1].to_numpy()
n = len(rs)
rf = (1 + rf_annual) ** (1 / 252) - 1
beta = np.cov(rs, rb, ddof=1)[0, 1] / np.var(rb, ddof=1)
corr = np.corrcoef(rs, rb)[0, 1]
diff = rs - rb
cagr_s = np.prod(1 + rs) ** (252 / n) - 1
cagr_b = np.prod(1 + rb) ** (252 / n) - 1
years = a.groupby(a.index.year).apply(lambda g: (1 + g).prod() - 1)
up, down = rb > 0, rb < 0
expected = {
    "riskFreeRate": rf_annual,
    "days": n,
    "droppedDays": len(strat) - n,
    "strategyCagr": cagr_s,
    "benchmarkCagr": cagr_b,
    "excessCagr": cagr_s - cagr_b,
    "beta": beta,
    "alpha": ((rs.mean() - rf) - beta * (rb.mean() - rf)) * 252,
    "correlation": corr,
    "rSquared": corr ** 2,
    "trackingError": diff.std(ddof=1) * np.sqrt(252),
    "informationRatio": diff.mean() / diff.std(ddof=1) * np.sqrt(252),
    "upCapture": rs[up].mean() / rb[up].mean(),
    "downCapture": rs[down].mean() / rb[down].mean(),
    "years": [{"year": str(y), "strategy": float(r.iloc[0]), "benchmark": float(r.iloc[1])} for y, r in years.iterrows()],
}
# rolling figures of the strategy over the aligned rows (pandas rolling, ddof 1), at a few rows
ser_s, ser_b = a.iloc[:, 0], a.iloc[:, 1]
checks = [62, 125, 300, n - 1]
expected["rolling"] = {
    "rows": checks,
    "volatility63": [float(ser_s.rolling(63).std().iloc[i] * np.sqrt(252)) for i in checks],
    "sharpe126": [float(((ser_s - rf).rolling(126).mean() / (ser_s - rf).rolling(126).std()).iloc[i] * np.sqrt(252)) if i >= 125 else None for i in checks],
    "beta252": [float((ser_s.rolling(252).cov(ser_b) / ser_b.rolling(252).var()).iloc[i]) if i >= 251 else None for i in checks],
}
# drawdown periods of the strategy: runs of rows with equity below the running peak (peak starting at 1)
eq = (1 + ser_s).cumprod()
peak = np.maximum(eq.cummax(), 1.0)
under = eq < peak
run_id = (under != under.shift(fill_value=False)).cumsum()
periods = []
for _, g in eq[under].groupby(run_id[under]):
    start, end = g.index[0], g.index[-1]
    pk = peak.loc[start]
    after = eq.index.get_loc(end) + 1
    periods.append({"start": str(start.date()), "trough": str(g.idxmin().date()),
                    "recovery": str(eq.index[after].date()) if after < len(eq) else None,
                    "depth": float(g.min() / pk - 1), "days": len(g)})
periods.sort(key=lambda p: p["depth"])
expected["worstDrawdowns"] = periods[:10]
with open("expected.json", "w") as f:
    json.dump(expected, f, indent=1)
