"""Reference values for statistics.test.ts, from scipy (/usr/bin/python3).

Mann-Whitney U: scipy.stats.mannwhitneyu(x, y, alternative=..., method='asymptotic')
(normal approximation, tie and continuity corrections). Two-proportion z: the pooled z
is sign(p1 - p2) * sqrt(chi2) of chi2_contingency(table, correction=False); its one-sided
p-value is norm.sf(z). Samples come from numpy's default_rng with fixed seeds.
"""
import json

import numpy as np
import scipy
from scipy import stats


def mwu_case(name, x, y):
    out = {"name": name, "x": [float(v) for v in x], "y": [float(v) for v in y]}
    for alternative in ("greater", "less", "two-sided"):
        r = stats.mannwhitneyu(x, y, alternative=alternative, method="asymptotic")
        out[alternative] = {"u": float(r.statistic), "p": float(r.pvalue)}
    return out


rng = np.random.default_rng(20261207)
mwu = [
    mwu_case("lognormal latencies, equal", rng.lognormal(3, 0.5, 60), rng.lognormal(3, 0.5, 60)),
    mwu_case("lognormal latencies, canary 30% slower", 1.3 * rng.lognormal(3, 0.5, 40), rng.lognormal(3, 0.5, 50)),
    mwu_case("canary faster", 0.7 * rng.lognormal(3, 0.5, 25), rng.lognormal(3, 0.5, 30)),
    mwu_case("heavy ties (whole milliseconds)", np.round(rng.exponential(3, 80)), np.round(rng.exponential(3, 70))),
    mwu_case("small and unequal", rng.normal(10, 2, 6), rng.normal(11, 2, 9)),
    mwu_case("large", rng.gamma(2, 10, 1500), rng.gamma(2, 10.5, 1200)),
    mwu_case("complete separation", np.arange(20, 40, dtype=float), np.arange(0, 20, dtype=float)),
]

proportions = []
for x1, n1, x2, n2 in [(12, 600, 5, 11400), (30, 1000, 25, 1000), (0, 500, 3, 9500), (210, 1000, 100, 1000), (3, 40, 0, 800), (7, 7000, 70, 70000)]:
    table = [[x1, n1 - x1], [x2, n2 - x2]]
    chi2 = stats.chi2_contingency(table, correction=False)[0]
    z = float(np.sign(x1 / n1 - x2 / n2) * np.sqrt(chi2))
    proportions.append({"x1": x1, "n1": n1, "x2": x2, "n2": n2, "z": z, "greater": float(stats.norm.sf(z)), "less": float(stats.norm.cdf(z)), "two_sided": float(2 * stats.norm.sf(abs(z)))})

# The judge's margin: canary against the stable moved 10% worse (Mann-Whitney), and the Wald
# ratio-margin z for error rates, p1 - 1.5 p2 over its unpooled standard error.
slower = next(c for c in mwu if "30% slower" in c["name"])
margin_mwu = float(stats.mannwhitneyu(slower["x"], [v * 1.1 for v in slower["y"]], alternative="greater", method="asymptotic").pvalue)
margin_proportions = []
for x1, n1, x2, n2 in [(30, 600, 114, 11400), (12, 600, 5, 11400), (9, 600, 114, 11400)]:
    p1, p2 = x1 / n1, x2 / n2
    z = (p1 - 1.5 * p2) / np.sqrt(p1 * (1 - p1) / n1 + 1.5**2 * p2 * (1 - p2) / n2)
    margin_proportions.append({"x1": x1, "n1": n1, "x2": x2, "n2": n2, "z": float(z), "greater": float(stats.norm.sf(z))})

zs = [-8.0, -3.1, -1.96, -0.5, 0.0, 0.01, 0.5, 1.0, 1.6448536269514722, 1.96, 2.5, 3.7, 5.0, 8.0, 12.0, 20.0]
normal = [[z, float(stats.norm.sf(z))] for z in zs]

print(json.dumps({"scipy": scipy.__version__, "mannwhitneyu": mwu, "proportions": proportions, "normal_sf": normal, "margin_mwu_10": margin_mwu, "margin_proportions_50": margin_proportions}))
