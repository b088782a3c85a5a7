#!/usr/bin/env bash
# The README's screenshot of a review page, docs/review.png, made the way a
# reader sees it: headless Chromium opening the page `inspdf review` wrote.
#
#   bench/review-browser.sh [INSPDF_BINARY]
#
# Converts samples/001 afresh (the boxes are the place stage's own), shows
# pages 6-7 with the side panel, and prints the time and size of the page. Environment: CHROMIUM (default chromium),
# OUT (default docs/review.png).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$root/target/release/inspdf}
chromium=${CHROMIUM:-chromium}
out=${OUT:-$root/docs/review.png}
[ -x "$bin" ] || { echo "review-browser: no binary at $bin (cargo build --release)" >&2; exit 2; }
command -v "$chromium" >/dev/null 2>&1 || { echo "review-browser: no $chromium (apt-get install chromium)" >&2; exit 2; }

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
start=$(date +%s.%N)
"$bin" review "$root/samples/001_a_a4_serif_justified_hyphenated.pdf" \
    -o "$scratch/review.html"
end=$(date +%s.%N)
echo "review: $(echo "$end - $start" | bc) s, $(stat -c %s "$scratch/review.html") bytes"

# A fresh profile, nothing from the network; the virtual time budget lets
# the lazily set page images decode before the picture is taken.
"$chromium" --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --hide-scrollbars \
    --user-data-dir="$scratch/profile" --virtual-time-budget=10000 \
    --window-size=1280,900 --screenshot="$scratch/shot.png" \
    "file://$scratch/review.html#pages=6-7" >/dev/null 2>&1
mv "$scratch/shot.png" "$out"
echo "wrote $out"
