#!/usr/bin/env bash
# Whole-process time of `keel-cli seed SCRIPT` (the launcher ./keel-cli, default flags) against the original script
# (../shared/oracle/run_seed.sh, pandas/numpy), each pair measured side by side by hyperfine (alternating runs
# within one invocation), on the same prices. Prints mean ± sd of both and the Keel/script ratio (target <= 0.5).
#
#   strategy-service/cli/benchmark-startup.sh [RUNS] [ORACLE_DIR]     (defaults: 15, ../shared/oracle)
#
# Needs hyperfine and the CLI jar (./mvnw -q -pl strategy-service/cli -am package -DskipTests); run it under the
# machine's build lock on shared machines. Figures go in BENCHMARKS.md.
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
RUNS="${1:-15}"
ORACLE="$(cd "${2:-$ROOT/../shared/oracle}" && pwd)"
PRICES="$ROOT/examples/data/etf8"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
declare -A SCRIPT=([level73]=level73_vol_target_overlay.py [level70]=level70_vol_target_drawdown.py
                   [level61]=level61_regime_riskparity.py [level63]=level63_dd_aware_leverage.py)
"$ROOT/keel-cli" seed level63 --prices "$PRICES" --out "$WORK/warm" >/dev/null   # creates the class-data archive if due
printf '%-8s %18s %18s %8s\n' script "keel-cli (ms)" "script (ms)" ratio
for s in level73 level70 level61 level63; do
  hyperfine -N --style none --warmup 2 --runs "$RUNS" --export-json "$WORK/$s.json" \
    -n keel "$ROOT/keel-cli seed $s --prices $PRICES --out $WORK/keel" \
    -n script "bash $ORACLE/run_seed.sh $PRICES $WORK/script ${SCRIPT[$s]}" >/dev/null
  /usr/bin/python3 - "$WORK/$s.json" "$s" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
k, p = r["keel"], r["script"]
print("%-8s %10.0f ± %-5.0f %10.0f ± %-5.0f %7.2fx" % (sys.argv[2], 1e3 * k["mean"], 1e3 * k["stddev"],
      1e3 * p["mean"], 1e3 * p["stddev"], k["mean"] / p["mean"]))
PY
done
echo "($(nproc) cores, $(java -version 2>&1 | head -1), load average $(cut -d' ' -f1-3 /proc/loadavg))"
