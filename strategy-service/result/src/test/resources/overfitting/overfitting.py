"""Independent computation of Keel's overfitting statistics (docs/metrics.md, "Overfitting statistics and
walk-forward") with numpy/scipy, straight from the daily returns (no monthly moments).

Writes returns.csv (fixed inputs: date and the daily simple returns of 8 variants of a sweep) and expected.json.
Run: /usr/bin/python3 overfitting.py (from this directory). OverfittingReferenceTest reads both.
"""
import itertools
import json
import math

import numpy as np
import pandas as pd
from scipy import stats

rng = np.random.default_rng(21)
dates = pd.bdate_range("2017-01-18", "2022-11-09")          # partial first and last months
T, N = len(dates), 8
market = rng.normal(0.0003, 0.009, T)
returns = np.empty((T, N))
for v in range(N):
    beta = 0.4 + 0.1 * v
    noise = rng.standard_t(5, T) * 0.004                    # fat tails
    returns[:, v] = beta * market + noise + 0.00005 * (v % 3)
frame = pd.DataFrame(returns, index=dates, columns=[f"v{v}" for v in range(N)])
frame.index.name = "date"
frame.to_csv("returns.csv", float_format="%.17g")
R = frame.to_numpy()
months = frame.index.to_period("M")
month_list = sorted(set(months))


def sharpe(r):
    return r.mean() / r.std(ddof=1) * math.sqrt(252) if len(r) > 1 and r.std(ddof=1) > 0 else float("nan")


def sortino(r):
    down = np.minimum(r, 0.0)
    dd = math.sqrt((down ** 2).sum() / len(r))
    return r.mean() / dd * math.sqrt(252) if dd > 0 else float("nan")


def cagr(r):
    return float(np.prod(1 + r) ** (252 / len(r)) - 1)


def vol(r):
    return r.std(ddof=1) * math.sqrt(252)


VALUE = {"SHARPE": sharpe, "SORTINO": sortino, "CAGR": cagr, "MIN_VOLATILITY": vol}


def score(metric, r):
    x = VALUE[metric](r)
    return -x if metric == "MIN_VOLATILITY" else x


def best(scores):
    """highest score, NaN never wins, lowest position on ties"""
    b = 0
    for v in range(1, len(scores)):
        if scores[v] > scores[b] or (not math.isnan(scores[v]) and math.isnan(scores[b])):
            b = v
    return b


expected = {}

# --- the normal distribution
xs = [-20.0, -8.5, -5.0, -3.3, -2.5, -1.96, -1.0, -0.3, 0.0, 0.7, 1.6448536269514722, 2.4999, 3.7, 6.0, 8.0]
ps = [1e-300, 1e-50, 1e-10, 1e-4, 0.001, 0.02425, 0.025, 0.2, 0.5, 0.6, 0.975, 0.99, 0.999999, 1 - 1e-12]
expected["normal"] = {"x": xs, "cdf": [float(stats.norm.cdf(x)) for x in xs],
                      "p": ps, "inverse": [float(stats.norm.ppf(p)) for p in ps]}

# --- probabilistic and deflated Sharpe ratio (daily units, raw kurtosis)
sr_daily = np.array([R[:, v].mean() / R[:, v].std(ddof=1) for v in range(N)])
sel = int(np.argmax(sr_daily))
r = R[:, sel]
g3 = float(stats.skew(r, bias=True))
g4 = float(stats.kurtosis(r, fisher=False, bias=True))
V = float(np.var(sr_daily, ddof=1))
gamma = np.euler_gamma


def sr0(n, v):
    return math.sqrt(v) * ((1 - gamma) * stats.norm.ppf(1 - 1 / n) + gamma * stats.norm.ppf(1 - 1 / (n * math.e)))


def psr(sr, bench, t, skew, kurt):
    return float(stats.norm.cdf((sr - bench) * math.sqrt(t - 1) / math.sqrt(1 - skew * sr + (kurt - 1) / 4 * sr ** 2)))


expected["deflated"] = {"selected": sel, "trials": N, "sharpeDaily": [float(x) for x in sr_daily], "sharpeVariance": V,
                        "skewness": g3, "kurtosis": g4, "observations": T, "expectedMaxSharpe": float(sr0(N, V)),
                        "probability": psr(sr_daily[sel], sr0(N, V), T, g3, g4),
                        "psrAgainstZero": psr(sr_daily[sel], 0.0, T, g3, g4)}
# the DSR paper's numerical example: N = 100 trials, annualised SR 2.5, annualised V[SR] 0.5, T = 1250 daily
# observations, skewness -3, kurtosis 10, 250 days a year (the paper's own annualisation)
ex_v, ex_sr = 0.5 / 250, 2.5 / math.sqrt(250)
expected["paperExample"] = {"trials": 100, "sharpe": ex_sr, "sharpeVariance": ex_v, "observations": 1250,
                            "skewness": -3.0, "kurtosis": 10.0, "expectedMaxSharpe": float(sr0(100, ex_v)),
                            "probability": psr(ex_sr, sr0(100, ex_v), 1250, -3.0, 10.0)}

# --- CSCV / PBO by brute force over the daily rows
counts = np.array([(months == m).sum() for m in month_list])


def blocks_of(S):
    cum = np.concatenate([[0], np.cumsum(counts)])
    D, total = len(counts), cum[-1]
    b = [0]
    for k in range(1, S):
        target = k * total / S
        cands = list(range(b[-1] + 1, D - (S - k) + 1))
        b.append(min(cands, key=lambda i: (abs(cum[i] - target), i)))
    b.append(D)
    return b


def pbo(S, metric):
    b = blocks_of(S)
    block_rows = [np.isin(months, month_list[b[k]:b[k + 1]]) for k in range(S)]
    lam, isv, oosv, loss = [], [], [], []
    for combo in itertools.combinations(range(S), S // 2):
        rows_is = np.any([block_rows[k] for k in combo], axis=0)
        rows_oos = ~rows_is
        s_is = [score(metric, R[rows_is, v]) for v in range(N)]
        s_oos = np.array([score(metric, R[rows_oos, v]) for v in range(N)])
        c = best(s_is)
        rank = stats.rankdata(s_oos, method="average")[c]
        omega = rank / (N + 1)
        lam.append(math.log(omega / (1 - omega)))
        isv.append(VALUE[metric](R[rows_is, c]))
        oosv.append(VALUE[metric](R[rows_oos, c]))
        loss.append(float(np.prod(1 + R[rows_oos, c]) - 1) < 0)
    lam = np.array(lam)
    slope, intercept = np.polyfit(isv, oosv, 1)
    hist, _ = np.histogram(lam, bins=20, range=(-math.log(N), math.log(N)))
    return {"blocks": S, "metric": metric, "combinations": len(lam),
            "blockMonths": [{"first": str(month_list[b[k]]), "last": str(month_list[b[k + 1] - 1]),
                             "days": int(counts[b[k]:b[k + 1]].sum())} for k in range(S)],
            "pbo": float((lam <= 0).mean()), "lambdaMean": float(lam.mean()),
            "lambdaQuantiles": [float(np.quantile(lam, q)) for q in (0.05, 0.25, 0.5, 0.75, 0.95)],
            "histogram": [int(h) for h in hist], "probabilityOfLoss": float(np.mean(loss)),
            "slope": float(slope), "intercept": float(intercept),
            "meanInSample": float(np.mean(isv)), "meanOutOfSample": float(np.mean(oosv))}


expected["pbo"] = [pbo(6, "SHARPE"), pbo(8, "SHARPE"), pbo(8, "SORTINO"), pbo(6, "CAGR"), pbo(8, "MIN_VOLATILITY")]


# --- walk-forward over calendar months
def walk_forward(is_months, oos_months, window, metric):
    M = len(month_list)
    folds, stitched, degr = [], [], []
    k = 0
    while is_months + k * oos_months < M:
        oos_from = is_months + k * oos_months
        oos_to = min(oos_from + oos_months, M)
        is_from = k * oos_months if window == "ROLLING" else 0
        rows_is = np.isin(months, month_list[is_from:oos_from])
        rows_oos = np.isin(months, month_list[oos_from:oos_to])
        c = best([score(metric, R[rows_is, v]) for v in range(N)])
        d = score(metric, R[rows_is, c]) - score(metric, R[rows_oos, c])
        if not math.isnan(d):
            degr.append(d)
        stitched.append(R[rows_oos, c])
        folds.append({"inSampleFirst": str(month_list[is_from]), "inSampleLast": str(month_list[oos_from - 1]),
                      "outOfSampleFirst": str(month_list[oos_from]), "outOfSampleLast": str(month_list[oos_to - 1]),
                      "chosen": c, "inSample": VALUE[metric](R[rows_is, c]),
                      "outOfSample": VALUE[metric](R[rows_oos, c]), "degradation": d})
        k += 1
    s = np.concatenate(stitched)
    return {"inSampleMonths": is_months, "outOfSampleMonths": oos_months, "window": window, "metric": metric,
            "folds": folds, "days": len(s), "totalReturn": float(np.prod(1 + s) - 1), "cagr": cagr(s),
            "annualVolatility": vol(s), "sharpe": sharpe(s), "sortino": sortino(s),
            "meanDegradation": float(np.mean(degr))}


expected["walkForward"] = [walk_forward(24, 12, "ROLLING", "SHARPE"), walk_forward(36, 6, "ANCHORED", "SORTINO"),
                           walk_forward(12, 5, "ROLLING", "CAGR"), walk_forward(18, 7, "ANCHORED", "MIN_VOLATILITY")]
expected["months"] = len(month_list)

with open("expected.json", "w") as f:
    json.dump(expected, f, indent=1)
