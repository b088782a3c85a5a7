#!/usr/bin/env bash
# inspdf convert throughput, scaling and memory, side by side with pdftotext,
# on the same files in the same run.
#
#   bench/convert.sh
#
# Corpora, each timed and reported on its own (no averaging of kinds):
# rendered = ../shared/corpus/rendered (LibreOffice renderings), real =
# ../shared/corpus/real (published reports), hostile =
# ../shared/corpus/robustness (damaged, encrypted, not-PDF samples; pages
# counted where pdfinfo can read them). Without ../shared:
# tests/fixtures/{rendered,real,robustness}. Each is staged REPEAT times.
# Every configuration runs ROUNDS times, interleaved (round by round, set by
# set, tool by tool), and the fastest round is kept (the others absorb
# noise from anything else on the machine).
#
# Reports, per corpus: pages/s of pdftotext and of `mutool draw -F txt`
# (both sequential, one process per file) and of `inspdf convert` isolated
# (default) with --jobs 1 and --jobs 2 and --in-process --jobs 1; each as a
# ratio to pdftotext and to mutool; jobs2/jobs1; worker peak RSS; time per
# stage (`--timings`). Then the parent's peak RSS over a batch of 1x and
# BATCH_FACTORx the real reports (it must not grow), and whether
# layout/parse/findings are linear in the length of a report
# (examples/parse_linearity.rs, when built).
#
# Environment: REPEAT (4), ROUNDS (5), BATCH_FACTOR (10), TOOL_TIMEOUT
# (20: seconds pdftotext or mutool may spend on one file), BASELINE (an
# older binary to time beside this one, interleaved), SHARED
# (<root>/../shared), INSPDF (a prebuilt binary; default: cargo build
# --release), KEEP=1 keeps the scratch folder.
# Needs: cargo, pdftotext + pdfinfo (poppler-utils), mutool (mupdf-tools),
# GNU time (/usr/bin/time, package `time`).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
REPEAT=${REPEAT:-4}
ROUNDS=${ROUNDS:-5}
BATCH_FACTOR=${BATCH_FACTOR:-10}
TOOL_TIMEOUT=${TOOL_TIMEOUT:-20}
SHARED=${SHARED:-$root/../shared}

die() { echo "bench: $*" >&2; exit 2; }
command -v pdftotext >/dev/null || die "needs pdftotext (apt-get install poppler-utils)"
command -v pdfinfo >/dev/null || die "needs pdfinfo (apt-get install poppler-utils)"
command -v mutool >/dev/null || die "needs mutool (apt-get install mupdf-tools)"
[ -x /usr/bin/time ] || die "needs GNU time at /usr/bin/time (apt-get install time)"

if [ -z "${INSPDF:-}" ]; then
    (cd "$root" && cargo build --release --quiet --features internals --bin inspdf --example parse_linearity) \
        || die "cargo build failed"
    INSPDF=$root/target/release/inspdf
fi
LINEARITY=${LINEARITY:-$(dirname "$INSPDF")/examples/parse_linearity}
[ -x "$INSPDF" ] || die "no binary at $INSPDF"

if [ -d "$SHARED/corpus/rendered" ] && [ -d "$SHARED/corpus/real" ] && [ -d "$SHARED/corpus/robustness" ]; then
    base=$SHARED/corpus
else
    base=$root/tests/fixtures
fi
set_names=(rendered real hostile)
declare -A set_dir=([rendered]=$base/rendered [real]=$base/real [hostile]=$base/robustness)

work=$(mktemp -d "${TMPDIR:-/tmp}/inspdf-bench.XXXXXX")
if [ "${KEEP:-0}" = 1 ]; then
    echo "scratch: $work"
else
    trap 'rm -rf "$work"' EXIT
fi

# Stage corpus `set` `copies` times under unique names (symlinks), so that
# no record overwrites another and resume never skips anything.
stage() { # set copies -> list file
    local set=$1 copies=$2 dir=$work/in-$1-$2 list=$work/list-$1-$2.txt
    if [ -s "$list" ]; then
        echo "$list"
        return
    fi
    mkdir -p "$dir"
    : >"$list"
    local src=${set_dir[$set]} r f name
    for ((r = 1; r <= copies; r++)); do
        for f in "$src"/*.pdf; do
            [ -e "$f" ] || continue
            name="r$r-$(basename "$f")"
            # A copy, not a link: convert reads a file named twice (a link
            # to the same file) once, so links would time 1/REPEAT of it.
            cp "$f" "$dir/$name"
            printf '%s\n' "$dir/$name" >>"$list"
        done
    done
    echo "$list"
}

pages_of() { # list -> total pages (pdfinfo)
    local total=0 n f
    while IFS= read -r f; do
        n=$(pdfinfo "$f" 2>/dev/null | awk '/^Pages:/ {print $2}')
        total=$((total + ${n:-0}))
    done <"$1"
    echo "$total"
}

now_ns() { date +%s%N; }

# run NAME LIST CMD... : one timed run; sets $wall (s), $rss (KiB), and
# keeps stderr in $work/NAME.err. "{out}" in CMD is a fresh output folder.
run() {
    local name=$1 list=$2
    shift 2
    local out=$work/out-$name
    rm -rf "$out"
    mkdir -p "$out"
    local args=() a
    for a in "$@"; do args+=("${a//\{out\}/$out}"); done
    local t0 t1 status=0
    t0=$(now_ns)
    /usr/bin/time -f '%M %U %S' -o "$work/$name.rss" "${args[@]}" <"$list" >"$work/$name.out" 2>"$work/$name.err" || status=$?
    t1=$(now_ns)
    # inspdf exits 1 when some file failed: only the hostile set may.
    if [ "$status" -ne 0 ] && ! { [ "${allow_fail:-0}" = 1 ] && [ "$status" -eq 1 ]; }; then
        tail -5 "$work/$name.err" >&2
        die "$name exited with $status"
    fi
    wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", (b - a) / 1e9}')
    read -r rss user sys <<<"$(tail -1 "$work/$name.rss")"
    cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN {printf "%.2f", u + s}')
}

declare -A list files pages
for set in "${set_names[@]}"; do
    list[$set]=$(stage "$set" "$REPEAT")
    files[$set]=$(wc -l <"${list[$set]}")
    pages[$set]=$(pages_of "${list[$set]}")
    [ "${files[$set]}" -gt 0 ] || die "no PDFs found in ${set_dir[$set]}"
done

# One process per file, as a user's loop would; a file the tool cannot
# read (the hostile set) is skipped, not fatal.
# Each file gets at most TOOL_TIMEOUT seconds (a decompression bomb keeps
# mutool busy for minutes; inspdf's own limit is 20 s + 0.1 s a page).
pdftotext_loop='while IFS= read -r f; do timeout "$1" pdftotext -q "$f" "$0/$(basename "$f" .pdf).txt" || true; done'
mutool_loop='while IFS= read -r f; do timeout "$1" mutool draw -q -F txt -o /dev/null "$f" 2>/dev/null || true; done'
configs=(pdftotext mutool iso-j1 iso-j2 inproc-j1)
# BASELINE=/path/to/older/inspdf adds that binary's --jobs 1 runs to every
# round, interleaved with ours: before/after figures from one run.
if [ -n "${BASELINE:-}" ]; then
    [ -x "$BASELINE" ] || die "no baseline binary at $BASELINE"
    configs+=(base-iso-j1 base-inproc-j1)
fi
declare -A best best_rss best_cpu
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
for ((round = 1; round <= ROUNDS; round++)); do
    for set in "${set_names[@]}"; do
        allow_fail=0
        [ "$set" = hostile ] && allow_fail=1
        l=${list[$set]}
        for c in "${configs[@]}"; do
            k=$set-$c
            case $c in
            pdftotext) run "$k" "$l" bash -c "$pdftotext_loop" "{out}" "$TOOL_TIMEOUT" ;;
            mutool) run "$k" "$l" bash -c "$mutool_loop" "{out}" "$TOOL_TIMEOUT" ;;
            iso-j1) run "$k" "$l" "$INSPDF" convert --files-from - -o "{out}" --jobs 1 --no-progress --timings ;;
            iso-j2) run "$k" "$l" "$INSPDF" convert --files-from - -o "{out}" --jobs 2 --no-progress --timings ;;
            inproc-j1) run "$k" "$l" "$INSPDF" convert --files-from - -o "{out}" --jobs 1 --in-process --no-progress --timings ;;
            base-iso-j1) run "$k" "$l" "$BASELINE" convert --files-from - -o "{out}" --jobs 1 --no-progress --timings ;;
            base-inproc-j1) run "$k" "$l" "$BASELINE" convert --files-from - -o "{out}" --jobs 1 --in-process --no-progress --timings ;;
            esac
            if [ -z "${best[$k]:-}" ] || awk -v a="$wall" -v b="${best[$k]}" 'BEGIN {exit !(a < b)}'; then
                best[$k]=$wall
                best_rss[$k]=$rss
                best_cpu[$k]=$cpu
                cp "$work/$k.err" "$work/$k.best.err"
            fi
        done
    done
done
allow_fail=0

rate() { awk -v p="$1" -v w="$2" 'BEGIN {printf "%.1f", p / w}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", b / a}'; } # rate(a)/rate(b) = wall(b)/wall(a)
mib() { awk -v k="$1" 'BEGIN {printf "%.1f", k / 1024}'; }
worker_rss() { sed -n 's/^memory: worker peak RSS \([0-9.]*\) MiB.*/\1/p' "$work/$1.best.err"; }
parent_rss() { sed -n 's/^memory: .*this process \(peak RSS \)\{0,1\}\([0-9.]*\) MiB.*/\2/p' "$work/$1.best.err"; }

echo "# inspdf convert benchmark"
echo
echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'); $("$INSPDF" --version 2>/dev/null || echo inspdf); $(pdftotext -v 2>&1 | head -1); mutool $(mutool -v 2>&1 | sed -n 's/.*version //p' | head -1)"
echo "- machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(awk '/MemTotal/ {printf "%.0f GiB RAM", $2 / 1048576}' /proc/meminfo); load average at start: $load_start, at end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "- corpora ($base), each × $REPEAT, best of $ROUNDS interleaved rounds: $(for set in "${set_names[@]}"; do printf '%s %s files / %s pages; ' "$set" "${files[$set]}" "${pages[$set]}"; done)"
echo
echo "| set | run | wall s | pages/s | vs pdftotext | vs mutool | CPU s | CPUs busy | peak RSS (/usr/bin/time) | worker peak RSS |"
echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"
for set in "${set_names[@]}"; do
    for c in "${configs[@]}"; do
        k=$set-$c
        w=$(worker_rss "$k" 2>/dev/null || true)
        busy=$(awk -v c="${best_cpu[$k]}" -v w="${best[$k]}" 'BEGIN {printf "%.2f", c / w}')
        echo "| $set | $c | ${best[$k]} | $(rate "${pages[$set]}" "${best[$k]}") | $(ratio "${best[$k]}" "${best[$set-pdftotext]}")× | $(ratio "${best[$k]}" "${best[$set-mutool]}")× | ${best_cpu[$k]} | $busy | $(mib "${best_rss[$k]}") MiB | ${w:+$w MiB} |"
    done
done
echo
for set in "${set_names[@]}"; do
    echo "- $set: iso --jobs 1 / pdftotext $(ratio "${best[$set-iso-j1]}" "${best[$set-pdftotext]}")× (target ≥ 1.0); / mutool $(ratio "${best[$set-iso-j1]}" "${best[$set-mutool]}")× (target ≥ 0.8 on real); jobs2 / jobs1 $(ratio "${best[$set-iso-j2]}" "${best[$set-iso-j1]}")× (target ≥ 1.85); isolation cost $(awk -v a="${best[$set-iso-j1]}" -v b="${best[$set-inproc-j1]}" -v n="${files[$set]}" 'BEGIN {printf "%.1f", 1000 * (a - b) / n}') ms per file; worker peak RSS $(worker_rss "$set-iso-j1") MiB (target ≤ 64 on ordinary reports)"
    if [ -n "${BASELINE:-}" ]; then
        echo "  - this binary / baseline ($BASELINE), pages/s: isolated $(ratio "${best[$set-iso-j1]}" "${best[$set-base-iso-j1]}")×, in-process $(ratio "${best[$set-inproc-j1]}" "${best[$set-base-inproc-j1]}")× (1.00 = the same speed)"
    fi
done
echo "- CPUs busy = (user + system CPU time) / wall: about 1 for --jobs 1 and 2 for --jobs 2 when the cores are idle; less means other load on the machine took the cores, and the jobs2/jobs1 ratio is then a floor"
echo "- pdftotext and mutool: one process per file, output text written (pdftotext) or discarded (mutool); their peak RSS is the largest single process; for isolated runs /usr/bin/time shows the largest of parent and workers"
echo "- hostile: pages/s counts the pages pdfinfo can read; files that fail are part of the work timed"
for set in "${set_names[@]}"; do
    echo
    echo "## Where the time goes: $set (iso-j1, --timings, summed over the batch)"
    echo
    echo '```'
    sed -n '/^stage /,/^memory:/p' "$work/$set-iso-j1.best.err"
    echo '```'
done
echo
echo "## Memory against batch size (real reports, --jobs 2)"
echo
stage real 1 >/dev/null
stage real "$BATCH_FACTOR" >/dev/null
echo "| batch | files | parent peak RSS (isolated) | worker peak RSS | in-process --jobs 1 peak RSS |"
echo "|---|---:|---:|---:|---:|"
for n in 1 "$BATCH_FACTOR"; do
    l=$work/list-real-$n.txt
    run "mem-iso-$n" "$l" "$INSPDF" convert --files-from - -o "{out}" --jobs 2 --no-progress --timings
    cp "$work/mem-iso-$n.err" "$work/mem-iso-$n.best.err"
    run "mem-inproc-$n" "$l" "$INSPDF" convert --files-from - -o "{out}" --jobs 1 --in-process --no-progress --timings
    echo "| ${n}× | $(wc -l <"$l") | $(parent_rss "mem-iso-$n") MiB | $(worker_rss "mem-iso-$n") MiB | $(mib "$rss") MiB |"
done
if [ ! -x "$LINEARITY" ]; then
    echo
    echo "(no $LINEARITY: linearity not measured)"
    exit 0
fi
echo
echo "## Linearity of the text stages (examples/parse_linearity.rs)"
echo
# The longest report (most pages), and the longest tagged one (read
# through its structure tree), each repeated 2, 4, 8, 16 times.
[ -s "$work/list-rendered-1.txt" ] || stage rendered 1 >/dev/null
cat "$work/list-rendered-1.txt" "$work/list-real-1.txt" >"$work/list-lin.txt"
while IFS= read -r f; do
    info=$(pdfinfo "$f" 2>/dev/null)
    printf '%s\t%s\t%s\n' "$(awk '/^Pages:/ {print $2}' <<<"$info")" \
        "$(awk '/^Tagged:/ {print $2}' <<<"$info")" "$f"
done <"$work/list-lin.txt" | sort -rn >"$work/by-pages.tsv"
longest=$(head -1 "$work/by-pages.tsv" | cut -f3)
tagged=$(awk -F'\t' '$2 == "yes"' "$work/by-pages.tsv" | head -1 | cut -f3)
echo '```'
"$LINEARITY" "$longest" 2 5
if [ -n "$tagged" ] && [ "$tagged" != "$longest" ]; then
    echo
    "$LINEARITY" "$tagged" 2 5
fi
echo '```'
echo "(ratio = time / time at half the length; 2.0 is linear. tagged ms: the tag-tree path, parse::structure with tags, for tagged PDFs)"
