#!/usr/bin/env bash
# A screenshot of the live console with headless Chromium (the Debian `chromium` package), e.g. of
# a demo running the drift scenario on console port 19405:
#
#   deploy/scripts/drift-delay.sh 9m /tmp/drift-shot --set console.port=19405 &
#   # once the status line shows the retrain's outcome:
#   deploy/scripts/console-screenshot.sh http://localhost:19405/ docs/console-drift.png
#
# The page keeps a server-sent-events stream open, so Chromium is given a virtual-time budget to
# draw a few seconds of updates before it shoots. The PNG is reduced to 256 colours when ImageMagick
# is there (the README's images stay well under 400 KB).
set -euo pipefail
url=${1:-http://localhost:9405/}
out=${2:-console-drift.png}
size=${SIZE:-1400,2200}
chromium --headless=new --no-sandbox --disable-gpu --hide-scrollbars --window-size="$size" \
  --virtual-time-budget="${BUDGET_MS:-6000}" --screenshot="$out" "$url" 2>/dev/null
if command -v convert >/dev/null; then
  convert "$out" -colors 256 PNG8:"$out.tmp" && mv "$out.tmp" "$out"
fi
ls -l "$out"
