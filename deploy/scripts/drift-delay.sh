#!/usr/bin/env bash
# Drift you can see happen, measured: runs `./osprey demo --scenario drift` (or a steady stream
# with SCENARIO=none) for DURATION on a data directory of its own with free ports, then reads its
# log: when the simulator's shift started, and how long after it each first drift alert, action
# and retrain came; then the alerts after a warm-up (WARMUP seconds after the "Osprey is running"
# line, default 300), by feature and statistic, and their rate per hour. Prints the demo's JSON
# summary last.
#
#   deploy/scripts/drift-delay.sh 8m            # the drift scenario (shift 4.5 min after start)
#   SCENARIO=none deploy/scripts/drift-delay.sh 30m   # a steady stream: alerts are false alarms
#   deploy/scripts/drift-delay.sh 8m DIR --set console.port=19405   # extra demo arguments
set -euo pipefail
duration=${1:-4m}
dir=${2:-$(mktemp -d /tmp/osprey-drift.XXXXXX)}
scenario=${SCENARIO:-drift}
mkdir -p "$dir"
args=(demo --fresh --duration "$duration" --data-dir "$dir/data" --port 0
  --set demo.metrics.port=0 --set scoring.metrics.port=0 --set trainer.metrics.port=0
  --set console.port=0 --set scoring.http.port=0 --set demo.flink.metrics.port=0)
if [[ "$scenario" != none ]]; then
  args+=(--scenario "$scenario")
fi
cd "$(dirname "$0")/../.."
./osprey "${args[@]}" "${@:3}" >"$dir/summary.json" 2>"$dir/status.txt"
python3 - "$dir/data/osprey.log" "${WARMUP:-300}" <<'PY'
import re, sys
from collections import Counter
from datetime import datetime
shift = None
running = None
last = None
first = {}
after_warmup = Counter()
for line in open(sys.argv[1], errors="replace"):
    stamp = line[:23]
    try:
        at = datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%S,%f").timestamp()
    except ValueError:
        continue
    last = at
    if running is None and "Osprey is running" in line:
        running = at
    m = re.search(r"drift shift (\w+) started at wall clock (\d+)", line)
    if m:
        shift = int(m.group(2)) / 1000
        print(f"shift {m.group(1)} at {stamp}")
    m = re.search(r"drift alert for \S+: (\w+) (\w+) of (\S+) = (\S+)", line)
    if m:
        first.setdefault(("alert", m.group(3), m.group(2)), (at, line.strip()))
        first.setdefault(("alert", "any", ""), (at, line.strip()))
        if running is not None and at - running >= float(sys.argv[2]) and (shift is None or at < shift):
            after_warmup[(m.group(3), m.group(2))] += 1
    m = re.search(r"drift action (\w+)", line)
    if m:
        first.setdefault(("action", m.group(1), ""), (at, line.strip()))
    if "retrained from" in line and "published" in line or "after drift" in line:
        first.setdefault(("retrain", "published", ""), (at, line.strip()))
for key, (at, line) in sorted(first.items(), key=lambda kv: kv[1][0]):
    delay = "" if shift is None else f"{at - shift:+8.1f} s after the shift"
    print(f"{' '.join(k for k in key if k):45s} {delay}  | {line[:160]}")
print("alerts counted:", sum(1 for l in open(sys.argv[1], errors='replace') if 'drift alert for' in l))
if running is not None and last is not None:
    end = shift if shift is not None else last
    span = max(0.0, end - running - float(sys.argv[2]))
    total = sum(after_warmup.values())
    rate = f"{total * 3600 / span:.1f}/h" if span > 0 else "n/a"
    print(f"alerts after the warm-up ({sys.argv[2]} s after 'running', before any shift): {total} in {span / 60:.1f} min = {rate}")
    for (feature, statistic), n in after_warmup.most_common():
        print(f"  {feature} {statistic}: {n}")
PY
cat "$dir/summary.json"
echo "data and log: $dir"
