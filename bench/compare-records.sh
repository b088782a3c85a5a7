#!/usr/bin/env bash
# Records of two inspdf binaries, side by side, on every PDF under
# ../shared/corpus and samples/: the check that a refactor kept behaviour.
#
#   bench/compare-records.sh OLD_BINARY NEW_BINARY
#
# Converts each set with both binaries (in process, the tag path and
# --no-tags), then compares the whole output trees byte for byte, the
# `_failed.jsonl` logs and the JSON Lines streams included. Prints one line
# per differing file and exits 1 when anything differs.
# Environment: SHARED (<root>/../shared), KEEP=1 keeps the scratch folder.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${SHARED:-$root/../shared}
[ $# -eq 2 ] || { echo "usage: $0 OLD_BINARY NEW_BINARY" >&2; exit 2; }
old=$1
new=$2
for b in "$old" "$new"; do
    [ -x "$b" ] || { echo "compare: no binary at $b" >&2; exit 2; }
done

scratch=$(mktemp -d)
if [ "${KEEP:-0}" != 1 ]; then trap 'rm -rf "$scratch"' EXIT; fi

sets=("$root/samples")
for s in rendered real robustness; do
    [ -d "$SHARED/corpus/$s" ] && sets+=("$SHARED/corpus/$s")
done

status=0
for bin_name in old new; do
    bin=$old
    [ $bin_name = new ] && bin=$new
    for set in "${sets[@]}"; do
        name=$(basename "$set")
        for mode in tags no-tags; do
            flags=()
            [ $mode = no-tags ] && flags+=(--no-tags)
            out=$scratch/$bin_name/$name-$mode
            mkdir -p "$out"
            "$bin" convert "$set" -o "$out/records" --jsonl "$out/all.jsonl" \
                --summary "$out/judgments.csv" --in-process --jobs 2 --no-progress \
                "${flags[@]}" >/dev/null 2>"$out.stderr" || true
            # Status lines come in finishing order and the summary line
            # carries the wall time: sort the one, drop the other.
            grep -v ' pages in ' "$out.stderr" | sed "s|$scratch/$bin_name/|OUT/|g" \
                | LC_ALL=C sort >"$out.log" || true
            rm -f "$out.stderr"
        done
    done
done

if ! diff -r "$scratch/old" "$scratch/new" >"$scratch/diff.txt"; then
    status=1
    grep -E '^(diff|Only in|Files)' "$scratch/diff.txt" | sed "s|$scratch/||g" | head -50
    echo "compare: records differ (KEEP=1 keeps $scratch)" >&2
else
    n=$(find "$scratch/new" -name '*.json' -not -path '*/_state/*' | wc -l)
    echo "compare: identical ($n records and every log, ${#sets[@]} sets x 2 modes)"
fi
exit $status
