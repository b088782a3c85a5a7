#!/usr/bin/env bash
# `inspdf convert` as the map step of GNU parallel, checked against a plain
# run: the concatenated JSON Lines must be byte-identical.
#
#   bench/parallel-recipe.sh [SSHLOGINS] [LIST]
#
# SSHLOGINS is GNU parallel's --sshlogin value: ":" (the default) is this
# machine; "4/alice@host1,4/alice@host2,:" spreads chunks over two hosts
# (4 chunks at a time each) and this one. Every host needs `inspdf` on its
# PATH (or set INSPDF to a path valid on every host) and the PDFs at the
# same paths (a shared mount); see docs/pipelines.md for hosts
# without shared storage. LIST is a file of PDF paths, one per line
# (default: samples/ and the tests/fixtures corpora, hostile files
# included, so failures travel through the map step too).
#
# Environment: INSPDF (default target/release/inspdf), CHUNK (paths per
# job, default 8), KEEP=1 keeps the scratch folder.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
logins=${1:-:}
INSPDF=${INSPDF:-$root/target/release/inspdf}
CHUNK=${CHUNK:-8}
command -v parallel >/dev/null || { echo "needs GNU parallel (apt-get install parallel)" >&2; exit 2; }
[ -x "$INSPDF" ] || (cd "$root" && cargo build --release --quiet --bin inspdf)

work=$(mktemp -d "${TMPDIR:-/tmp}/inspdf-map.XXXXXX")
if [ "${KEEP:-0}" = 1 ]; then echo "scratch: $work" >&2; else trap 'rm -rf "$work"' EXIT; fi

if [ -n "${2:-}" ]; then
    cp "$2" "$work/list.txt"
else
    find "$root/samples" "$root/tests/fixtures/rendered" "$root/tests/fixtures/real" \
        "$root/tests/fixtures/robustness" -name '*.pdf' | LC_ALL=C sort >"$work/list.txt"
fi
echo "$(wc -l <"$work/list.txt") files, chunks of $CHUNK, sshlogin '$logins'" >&2

# The map step. --pipe hands each job CHUNK lines of stdin; --keep-order
# concatenates the jobs' stdout in input order. Each job converts its chunk
# alone (--jobs 1: parallel already runs one job per core of each host),
# writes nothing to disk (--jsonl - without -o) and shares no state with
# other jobs. inspdf exits 1 when a file in its chunk failed: that is data
# (a "failed" line), not a broken job, so parallel's exit status — the
# number of such jobs — is not an error here.
status=0
parallel --pipe -N "$CHUNK" --keep-order --sshlogin "$logins" \
    "$INSPDF convert --files-from - --jsonl - --jobs 1 --no-progress 2>/dev/null" \
    <"$work/list.txt" >"$work/mapped.jsonl" || status=$?
[ "$status" -lt 101 ] || { echo "parallel failed ($status)" >&2; exit 1; }

# The same files in one ordinary run.
"$INSPDF" convert --files-from - --jsonl - --no-progress <"$work/list.txt" \
    >"$work/single.jsonl" 2>/dev/null || true

# The same list as a Kubernetes indexed Job would run it: SHARDS shards
# of bench/indexed-job.sh (here one after another), parts concatenated.
SHARDS=${SHARDS:-4}
for ((i = 0; i < SHARDS; i++)); do
    LIST=$work/list.txt SHARDS=$SHARDS OUT=$work/parts JOB_COMPLETION_INDEX=$i \
        INSPDF=$INSPDF JOBS=1 "$root/bench/indexed-job.sh" 2>/dev/null
done
cat "$work"/parts/part-*.jsonl >"$work/indexed.jsonl"
if ! cmp -s "$work/indexed.jsonl" "$work/single.jsonl"; then
    echo "FAIL: indexed-job parts ($SHARDS shards) differ from one run" >&2
    exit 1
fi
echo "OK: $SHARDS indexed-job shards concatenate to the same bytes" >&2

lines=$(wc -l <"$work/mapped.jsonl")
if [ "$lines" -ne "$(wc -l <"$work/list.txt")" ]; then
    echo "FAIL: $lines lines for $(wc -l <"$work/list.txt") files" >&2
    exit 1
fi
if cmp -s "$work/mapped.jsonl" "$work/single.jsonl"; then
    echo "OK: map step output ($lines lines, $(grep -c '"status":"converted"' "$work/mapped.jsonl") converted, $(grep -c '"status":"failed"' "$work/mapped.jsonl") failed) is identical to one run" >&2
else
    echo "FAIL: map step output differs from one run" >&2
    diff <(cut -c1-200 "$work/mapped.jsonl") <(cut -c1-200 "$work/single.jsonl") | head >&2
    exit 1
fi
