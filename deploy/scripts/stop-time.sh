#!/usr/bin/env bash
# Measures Ctrl-C to exit of the demo: starts it, lets it run, sends SIGINT (what Ctrl-C sends) and
# times until the process has exited. Prints one line per run and the range.
#   deploy/scripts/stop-time.sh [runs=5] [seconds-running=30] [port=19092]
# Needs the built launcher (cli/target/osprey-cli-*.jar and cli/target/lib; `./osprey
# --help` builds them). Uses its own data directory and free metrics ports, so a running demo on
# the default ports is not disturbed.
set -euo pipefail
# A background job of a non-interactive shell starts with SIGINT ignored, and a JVM that starts
# with SIGINT ignored never handles it: `env --default-signal=INT` (coreutils 8.31+) restores it.
RUNS="${1:-5}"
RUNNING="${2:-30}"
PORT="${3:-19092}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
JAR="$(ls "$ROOT"/cli/target/osprey-cli-*.jar | head -1)"
DATA="$(mktemp -d /tmp/osprey-stop-time-XXXXXX)"
export OMP_NUM_THREADS=1
times=()
for run in $(seq 1 "$RUNS"); do
  err="$DATA/run$run.err"
  env --default-signal=INT java -Xms512m -Xmx1536m -XX:+UseParallelGC -XX:MaxDirectMemorySize=512m \
    -Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.osprey.schema \
    -Dlog4j2.configurationFile=log4j2-osprey.xml \
    -cp "$JAR:$ROOT/cli/target/lib/*" io.osprey.cli.OspreyCli demo \
    --data-dir "$DATA/data" --port "$PORT" \
    --set demo.metrics.port=0 --set demo.flink.metrics.port=0 --set scoring.metrics.port=0 \
    --set scoring.http.port=0 --set trainer.metrics.port=0 >"$DATA/run$run.out" 2>"$err" &
  pid=$!
  timeout 600 bash -c "until grep -q 'osprey: running' '$err'; do kill -0 $pid || exit 1; sleep 1; done"
  sleep "$RUNNING"
  start=$(date +%s.%N)
  kill -INT "$pid"
  wait "$pid" || true
  end=$(date +%s.%N)
  took=$(echo "$end - $start" | bc)
  times+=("$took")
  printf 'run %d: SIGINT to exit %.1f s (exit code after: see %s)\n' "$run" "$took" "$err"
done
printf '%s\n' "${times[@]}" | sort -n | awk 'NR==1{min=$1} {max=$1} END{printf "range: %.1f-%.1f s over %d runs\n", min, max, NR}'
echo "data and output: $DATA"
