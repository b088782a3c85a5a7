#!/usr/bin/env bash
# inspdf convert throughput, scaling and memory, side by side with pdftotext,
# on the same files in the same run.
#
#   bench/convert.sh
#
# Corpus: samples/ + ../shared/corpus/rendered + ../shared/corpus/real
# (relative to the repository root; when ../shared is absent: samples/ +
# tests/fixtures/rendered + tests/fixtures/real), repeated REPEAT times.
# Every configuration runs ROUNDS times, interleaved, and the fastest round
# is kept (the others absorb noise from anything else on the machine).
#
# Reports: pages/s of pdftotext (sequential) and of `inspdf convert` with
# --jobs 1 and --jobs 2, isolated (default) and --in-process; the ratios
# jobs1/pdftotext and jobs2/jobs1; time per stage (`--timings`); peak RSS
# per worker; the parent's peak RSS over a batch of 1x and BATCH_FACTORx
# the corpus (it must not grow); and whether layout/parse/findings are
# linear in the length of a report (examples/parse_linearity.rs).
#
# Environment: REPEAT (4), ROUNDS (5), BATCH_FACTOR (10), BASELINE (an
# older binary to time beside this one, interleaved), SHARED
# (<root>/../shared), INSPDF (a prebuilt binary; default: cargo build
# --release), KEEP=1 keeps the scratch folder.
# Needs: cargo, pdftotext + pdfinfo (poppler-utils), GNU time (/usr/bin/time,
# package `time`).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
REPEAT=${REPEAT:-4}
ROUNDS=${ROUNDS:-5}
BATCH_FACTOR=${BATCH_FACTOR:-10}
SHARED=${SHARED:-$root/../shared}

die() { echo "bench: $*" >&2; exit 2; }
command -v pdftotext >/dev/null || die "needs pdftotext (apt-get install poppler-utils)"
command -v pdfinfo >/dev/null || die "needs pdfinfo (apt-get install poppler-utils)"
[ -x /usr/bin/time ] || die "needs GNU time at /usr/bin/time (apt-get install time)"

if [ -z "${INSPDF:-}" ]; then
    (cd "$root" && cargo build --release --quiet --features internals --bin inspdf --example parse_linearity) \
        || die "cargo build failed"
    INSPDF=$root/target/release/inspdf
fi
LINEARITY=${LINEARITY:-$(dirname "$INSPDF")/examples/parse_linearity}
[ -x "$INSPDF" ] || die "no binary at $INSPDF"

if [ -d "$SHARED/corpus/rendered" ] && [ -d "$SHARED/corpus/real" ]; then
    sets=("$root/samples" "$SHARED/corpus/rendered" "$SHARED/corpus/real")
else
    sets=("$root/samples" "$root/tests/fixtures/rendered" "$root/tests/fixtures/real")
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/inspdf-bench.XXXXXX")
if [ "${KEEP:-0}" = 1 ]; then
    echo "scratch: $work"
else
    trap 'rm -rf "$work"' EXIT
fi

# Stage the corpus `copies` times under unique names (symlinks), so that no
# record overwrites another and resume never skips anything.
stage() { # copies -> list file
    local copies=$1 dir=$work/in-$1 list=$work/list-$1.txt
    if [ -s "$list" ]; then
        echo "$list"
        return
    fi
    mkdir -p "$dir"
    : >"$list"
    for ((r = 1; r <= copies; r++)); do
        for set in "${sets[@]}"; do
            for f in "$set"/*.pdf; do
                [ -e "$f" ] || continue
                local name
                name="r$r-$(basename "$set")-$(basename "$f")"
                ln -s "$(cd "$(dirname "$f")" && pwd)/$(basename "$f")" "$dir/$name"
                printf '%s\n' "$dir/$name" >>"$list"
            done
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
    # inspdf exits 1 when some file failed: the bench corpus must convert.
    if [ "$status" -ne 0 ]; then
        tail -5 "$work/$name.err" >&2
        die "$name exited with $status"
    fi
    wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", (b - a) / 1e9}')
    read -r rss user sys <<<"$(tail -1 "$work/$name.rss")"
    cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN {printf "%.2f", u + s}')
}

list=$(stage "$REPEAT")
files=$(wc -l <"$list")
pages=$(pages_of "$list")
[ "$files" -gt 0 ] || die "no PDFs found in ${sets[*]}"

pdftotext_loop='while IFS= read -r f; do pdftotext -q "$f" "$0/$(basename "$f" .pdf).txt"; done'
configs=(pdftotext iso-j1 iso-j2 inproc-j1 inproc-j2)
# BASELINE=/path/to/older/inspdf adds that binary's --jobs 1 runs to every
# round, interleaved with ours: before/after figures from one run.
if [ -n "${BASELINE:-}" ]; then
    [ -x "$BASELINE" ] || die "no baseline binary at $BASELINE"
    configs+=(base-iso-j1 base-inproc-j1)
fi
declare -A best best_rss best_cpu
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
for ((round = 1; round <= ROUNDS; round++)); do
    for c in "${configs[@]}"; do
        case $c in
        pdftotext) run "$c" "$list" bash -c "$pdftotext_loop" "{out}" ;;
        iso-j1) run "$c" "$list" "$INSPDF" convert --files-from - -o "{out}" --jobs 1 --no-progress --timings ;;
        iso-j2) run "$c" "$list" "$INSPDF" convert --files-from - -o "{out}" --jobs 2 --no-progress --timings ;;
        inproc-j1) run "$c" "$list" "$INSPDF" convert --files-from - -o "{out}" --jobs 1 --in-process --no-progress --timings ;;
        inproc-j2) run "$c" "$list" "$INSPDF" convert --files-from - -o "{out}" --jobs 2 --in-process --no-progress --timings ;;
        base-iso-j1) run "$c" "$list" "$BASELINE" convert --files-from - -o "{out}" --jobs 1 --no-progress --timings ;;
        base-inproc-j1) run "$c" "$list" "$BASELINE" convert --files-from - -o "{out}" --jobs 1 --in-process --no-progress --timings ;;
        esac
        if [ -z "${best[$c]:-}" ] || awk -v a="$wall" -v b="${best[$c]}" 'BEGIN {exit !(a < b)}'; then
            best[$c]=$wall
            best_rss[$c]=$rss
            best_cpu[$c]=$cpu
            cp "$work/$c.err" "$work/$c.best.err"
        fi
    done
done

rate() { awk -v p="$pages" -v w="$1" 'BEGIN {printf "%.1f", p / w}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", b / a}'; } # rate(a)/rate(b) = wall(b)/wall(a)
mib() { awk -v k="$1" 'BEGIN {printf "%.1f", k / 1024}'; }
worker_rss() { sed -n 's/^memory: worker peak RSS \([0-9.]*\) MiB.*/\1/p' "$work/$1.best.err"; }
parent_rss() { sed -n 's/^memory: .*this process \(peak RSS \)\{0,1\}\([0-9.]*\) MiB.*/\2/p' "$work/$1.best.err"; }

echo "# inspdf convert benchmark"
echo
echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'); $("$INSPDF" --version 2>/dev/null || echo inspdf); $(pdftotext -v 2>&1 | head -1)"
echo "- machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(awk '/MemTotal/ {printf "%.0f GiB RAM", $2 / 1048576}' /proc/meminfo); load average at start: $load_start, at end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "- corpus: ${sets[*]} × $REPEAT = $files files, $pages pages (pdfinfo); best of $ROUNDS rounds"
echo
echo "| run | wall s | pages/s | vs pdftotext | CPU s | CPUs busy | pages per CPU s | peak RSS (/usr/bin/time) | worker peak RSS |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
for c in "${configs[@]}"; do
    w=$(worker_rss "$c" 2>/dev/null || true)
    busy=$(awk -v c="${best_cpu[$c]}" -v w="${best[$c]}" 'BEGIN {printf "%.2f", c / w}')
    echo "| $c | ${best[$c]} | $(rate "${best[$c]}") | $(ratio "${best[$c]}" "${best[pdftotext]}")× | ${best_cpu[$c]} | $busy | $(rate "${best_cpu[$c]}") | $(mib "${best_rss[$c]}") MiB | ${w:+$w MiB} |"
done
echo
echo "- jobs1 / pdftotext: isolated $(ratio "${best[iso-j1]}" "${best[pdftotext]}")×, in-process $(ratio "${best[inproc-j1]}" "${best[pdftotext]}")× (target ≥ 1.0)"
echo "- jobs2 / jobs1: isolated $(ratio "${best[iso-j2]}" "${best[iso-j1]}")×, in-process $(ratio "${best[inproc-j2]}" "${best[inproc-j1]}")× (target ≥ 1.8 on 2 idle cores)"
if [ -n "${BASELINE:-}" ]; then
    echo "- this binary / baseline ($BASELINE), pages/s: isolated $(ratio "${best[iso-j1]}" "${best[base-iso-j1]}")×, in-process $(ratio "${best[inproc-j1]}" "${best[base-inproc-j1]}")× (1.00 = the same speed)"
fi
echo "- isolation cost: $(awk -v a="${best[iso-j1]}" -v b="${best[inproc-j1]}" -v n="$files" 'BEGIN {printf "%.1f", 1000 * (a - b) / n}') ms per file (iso-j1 − inproc-j1 wall, / files)"
echo "- CPUs busy = (user + system CPU time) / wall: about 1 for --jobs 1 and 2 for --jobs 2 when the cores are idle; less means other load on the machine took the cores, and the jobs2/jobs1 ratio is then a floor"
echo "- pdftotext peak RSS is its largest single process; for isolated runs /usr/bin/time shows the largest of parent and workers"
echo
echo "## Where the time goes (iso-j1, --timings, summed over the batch)"
echo
echo '```'
sed -n '/^stage /,/^memory:/p' "$work/iso-j1.best.err"
echo '```'
echo
echo "## Memory against batch size (--jobs 2)"
echo
stage 1 >/dev/null
stage "$BATCH_FACTOR" >/dev/null
echo "| batch | files | parent peak RSS (isolated) | worker peak RSS | in-process --jobs 1 peak RSS |"
echo "|---|---:|---:|---:|---:|"
for n in 1 "$BATCH_FACTOR"; do
    l=$work/list-$n.txt
    run "mem-iso-$n" "$l" "$INSPDF" convert --files-from - -o "{out}" --jobs 2 --no-progress --timings
    cp "$work/mem-iso-$n.err" "$work/mem-iso-$n.best.err"
    run "mem-inproc-$n" "$l" "$INSPDF" convert --files-from - -o "{out}" --jobs 1 --in-process --no-progress --timings
    echo "| ${n}× | $(wc -l <"$l") | $(parent_rss "mem-iso-$n") MiB | $(worker_rss "mem-iso-$n") MiB | $(mib "$rss") MiB |"
done
echo
echo "## Linearity of the text stages (examples/parse_linearity.rs)"
echo
# The longest report in the corpus (most pages), and the longest tagged
# one (read through its structure tree), each repeated 2, 4, 8, 16 times.
while IFS= read -r f; do
    info=$(pdfinfo "$f" 2>/dev/null)
    printf '%s\t%s\t%s\n' "$(awk '/^Pages:/ {print $2}' <<<"$info")" \
        "$(awk '/^Tagged:/ {print $2}' <<<"$info")" "$f"
done <"$work/list-1.txt" | sort -rn >"$work/by-pages.tsv"
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
