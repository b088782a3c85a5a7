#!/usr/bin/env bash
# Benchmark (not a test): how many small records per second `inspdf validate`
# checks, compared with check-jsonschema on the same files in the same run.
#
#   bench/validate.sh            # 10,000 records
#   N=50000 bench/validate.sh    # more
#
# Needs: cargo, python3 (generates the records). check-jsonschema is
# installed with pip into a throw-away virtualenv; when pip or the network is
# unavailable the comparison is skipped and the output says why.
set -euo pipefail
cd "$(dirname "$0")/.."

N=${N:-10000}
RUNS=${RUNS:-5}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/inspdf-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

cargo build --release --quiet
INSPDF=$PWD/target/release/inspdf
SCHEMA=$PWD/schemas/inspection-report.schema.json

echo "== generating $N small records in $WORK/records"
python3 - "$N" "$WORK/records" tests/fixtures/validate/valid/minimal.json <<'EOF'
import json, os, sys
n, out, base = int(sys.argv[1]), sys.argv[2], json.load(open(sys.argv[3]))
for i in range(n):
    d = os.path.join(out, f"{i % 100:02d}")
    os.makedirs(d, exist_ok=True)
    r = json.loads(json.dumps(base))
    r["source"]["file"] = f"report-{i}.pdf"
    r["source"]["sha256"] = f"{i:064x}"
    r["report"]["title"] = f"PEEL: Police legitimacy {2014 + i % 8} – report {i}"
    r["sections"][0]["page"] = 1 + i % 20
    with open(os.path.join(d, f"record-{i}.json"), "w") as f:
        json.dump(r, f, indent=2, ensure_ascii=False)
EOF
BYTES=$(du -sb "$WORK/records" | cut -f1)
echo "   $(find "$WORK/records" -name '*.json' | wc -l) files, $((BYTES / N)) bytes each on average"

now() { python3 -c 'import time; print(time.perf_counter())'; }
best() { sort -g | head -1; }

echo "== inspdf validate ($RUNS runs, best; $(nproc) cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg))"
"$INSPDF" validate "$WORK/records" 2>/dev/null # warm the page cache
times=()
for _ in $(seq "$RUNS"); do
  t0=$(now)
  "$INSPDF" validate "$WORK/records" 2>"$WORK/inspdf.err" >/dev/null
  t1=$(now)
  times+=("$(python3 -c "print($t1 - $t0)")")
done
T_INSPDF=$(printf '%s\n' "${times[@]}" | best)
tail -1 "$WORK/inspdf.err"
RATE_INSPDF=$(python3 -c "print(round($N / $T_INSPDF))")
echo "   inspdf: $N records in ${T_INSPDF}s = $RATE_INSPDF records/s (target >= 50000)"

echo "== check-jsonschema (pip, same files; load average before: $(cut -d' ' -f1-3 /proc/loadavg))"
T_CJ=""
if python3 -m venv "$WORK/venv" >"$WORK/pip.log" 2>&1 \
  && "$WORK/venv/bin/pip" install --quiet check-jsonschema >>"$WORK/pip.log" 2>&1; then
  CJ="$WORK/venv/bin/check-jsonschema"
  echo "   $("$CJ" --version)"
  mapfile -t FILES < <(find "$WORK/records" -name '*.json' | sort)
  "$CJ" --schemafile "$SCHEMA" "${FILES[@]:0:100}" >/dev/null # warm up
  t0=$(now)
  if "$CJ" --schemafile "$SCHEMA" "${FILES[@]}" >"$WORK/cj.out" 2>&1; then
    t1=$(now)
    T_CJ=$(python3 -c "print($t1 - $t0)")
    tail -1 "$WORK/cj.out"
  else
    echo "   check-jsonschema failed:"; tail -5 "$WORK/cj.out"
  fi
else
  echo "   check-jsonschema NOT measured: pip install failed (no network or no pip?):"
  tail -3 "$WORK/pip.log" | sed 's/^/   /'
fi

if [ -n "$T_CJ" ]; then
  RATE_CJ=$(python3 -c "print(round($N / $T_CJ))")
  echo "   check-jsonschema: $N records in ${T_CJ}s = $RATE_CJ records/s (one run)"
  echo "== result: inspdf $RATE_INSPDF records/s, check-jsonschema $RATE_CJ records/s," \
    "ratio $(python3 -c "print(round($RATE_INSPDF / $RATE_CJ, 1))")x (target >= 10x)"
else
  echo "== result: inspdf $RATE_INSPDF records/s; check-jsonschema not measured"
fi
