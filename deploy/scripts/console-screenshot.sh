#!/usr/bin/env bash
# A screenshot of the live console with headless Chromium (the Debian `chromium` package), e.g. of
# a demo running the drift scenario on console port 19405:
#
#   deploy/scripts/drift-delay.sh 9m /tmp/drift-shot --set console.port=19405 &
#   # once the status line shows the retrain's outcome ("retrain done: ..."):
#   deploy/scripts/console-screenshot.sh http://localhost:19405/ docs/console-drift.png
#
# The page keeps a server-sent-events stream open, so Chromium never finishes loading it: it is
# shot after WAIT_MS (10 s; --virtual-time-budget waited for ever here). With a real ImageMagick
# the PNG is reduced to 256 colours; docs/console-drift.png (1400x2200) was 378 KB without it.
set -euo pipefail
url=${1:-http://localhost:9405/}
out=${2:-console-drift.png}
size=${SIZE:-1400,2200}
chromium --headless=new --no-sandbox --disable-gpu --hide-scrollbars --window-size="$size" \
  --timeout="${WAIT_MS:-10000}" --screenshot="$out" "$url" 2>/dev/null || true
if convert -version 2>/dev/null | grep -q ImageMagick; then
  convert "$out" -colors 256 PNG8:"$out.tmp" && mv "$out.tmp" "$out"
fi
ls -l "$out"
