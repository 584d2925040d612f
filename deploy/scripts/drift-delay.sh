#!/usr/bin/env bash
# Drift you can see happen, measured: runs `./osprey demo --scenario drift` (or a steady stream
# with SCENARIO=none) for DURATION on a data directory of its own with free ports, then reads its
# log: when the simulator's shift started, and how long after it each first drift alert, action
# and retrain came. Prints the demo's JSON summary last.
#
#   deploy/scripts/drift-delay.sh 4m            # the drift scenario
#   SCENARIO=none deploy/scripts/drift-delay.sh 30m   # a steady stream: alerts are false alarms
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
python3 - "$dir/data/osprey.log" <<'PY'
import re, sys
from datetime import datetime
shift = None
first = {}
for line in open(sys.argv[1], errors="replace"):
    stamp = line[:23]
    try:
        at = datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%S,%f").timestamp()
    except ValueError:
        continue
    m = re.search(r"drift shift (\w+) started at wall clock (\d+)", line)
    if m:
        shift = int(m.group(2)) / 1000
        print(f"shift {m.group(1)} at {stamp}")
    m = re.search(r"drift alert for \S+: (\w+) (\w+) of (\S+) = (\S+)", line)
    if m:
        first.setdefault(("alert", m.group(3), m.group(2)), (at, line.strip()))
        first.setdefault(("alert", "any", ""), (at, line.strip()))
    m = re.search(r"drift action (\w+)", line)
    if m:
        first.setdefault(("action", m.group(1), ""), (at, line.strip()))
    if "retrained from" in line and "published" in line or "after drift" in line:
        first.setdefault(("retrain", "published", ""), (at, line.strip()))
for key, (at, line) in sorted(first.items(), key=lambda kv: kv[1][0]):
    delay = "" if shift is None else f"{at - shift:+8.1f} s after the shift"
    print(f"{' '.join(k for k in key if k):45s} {delay}  | {line[:160]}")
print("alerts counted:", sum(1 for l in open(sys.argv[1], errors='replace') if 'drift alert for' in l))
PY
cat "$dir/summary.json"
echo "data and log: $dir"
