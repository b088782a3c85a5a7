#!/usr/bin/env bash
# Benchmark (not a test): how many small records per second `inspdf validate`
# checks, compared with check-jsonschema on the same files in the same run.
#
#   bench/validate.sh            # 10,000 records
#   N=50000 RUNS=3 bench/validate.sh
#
# Needs: cargo, python3 (generates the records and times the runs).
# check-jsonschema is installed with pip into a throw-away virtualenv; when
# pip or the network is unavailable the comparison is skipped and the output
# says why.
set -euo pipefail
cd "$(dirname "$0")/.."

N=${N:-10000}
RUNS=${RUNS:-5}
CORES=$(nproc)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/inspdf-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

cargo build --release --quiet
INSPDF=$PWD/target/release/inspdf
SCHEMA=$PWD/schemas/inspection-report.schema.json

echo "== generating $N small records in $WORK/records"
python3 - "$N" "$WORK/records" tests/fixtures/validate/valid/minimal.json <<'PY'
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
PY
BYTES=$(du -sb "$WORK/records" | cut -f1)
echo "   $(find "$WORK/records" -name '*.json' | wc -l) files, $((BYTES / N)) bytes each on average"

# time_runs RUNS CMD...: best wall time of RUNS runs of CMD, and the CPU
# time (user + sys) of that run. The whole process is timed: start-up and
# schema compilation included. CPU time is inflated less than wall time
# when the machine is shared, so N / (cpu / cores) estimates the rate on
# idle cores.
time_runs() {
  python3 - "$@" <<'PY'
import resource, subprocess, sys, time
runs, cmd = int(sys.argv[1]), sys.argv[2:]
best = None
for _ in range(runs):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode != 0:
        sys.exit(f"{cmd[0]} exited with {done.returncode}")
    if best is None or wall < best[0]:
        best = (wall, cpu)
print(f"{best[0]:.3f} {best[1]:.3f}")
PY
}
rate() { python3 -c "print(round($1 / ($2)))"; }

echo "== inspdf validate ($RUNS runs, best; $CORES cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg))"
"$INSPDF" validate "$WORK/records" 2>/dev/null # warm the page cache
"$INSPDF" validate "$WORK/records" 2>&1 >/dev/null | sed 's/^/   inspdf says: /'
read -r T_INSPDF CPU_INSPDF < <(time_runs "$RUNS" "$INSPDF" validate "$WORK/records")
RATE_INSPDF=$(rate "$N" "$T_INSPDF")
RATE_CPU=$(rate "$N" "$CPU_INSPDF / $CORES")
echo "   inspdf: $N records in $T_INSPDF s wall = $RATE_INSPDF records/s (target >= 50000)"
echo "   inspdf: $CPU_INSPDF s CPU (user+sys) = $RATE_CPU records/s on $CORES idle cores"

echo "== check-jsonschema (pip, same files; load average before: $(cut -d' ' -f1-3 /proc/loadavg))"
T_CJ=""
if python3 -m venv "$WORK/venv" >"$WORK/pip.log" 2>&1 \
  && "$WORK/venv/bin/pip" install --quiet check-jsonschema >>"$WORK/pip.log" 2>&1; then
  CJ="$WORK/venv/bin/check-jsonschema"
  echo "   $("$CJ" --version)"
  mapfile -t FILES < <(find "$WORK/records" -name '*.json' | sort)
  "$CJ" --schemafile "$SCHEMA" "${FILES[@]:0:100}" >/dev/null # warm up
  if read -r T_CJ CPU_CJ < <(time_runs 1 "$CJ" --schemafile "$SCHEMA" "${FILES[@]}"); then
    RATE_CJ=$(rate "$N" "$T_CJ")
    echo "   check-jsonschema: $N records in $T_CJ s wall = $RATE_CJ records/s (one run; $CPU_CJ s CPU)"
  else
    echo "   check-jsonschema failed on the records"
    T_CJ=""
  fi
else
  echo "   check-jsonschema NOT measured: pip install failed (no network or no pip?):"
  tail -3 "$WORK/pip.log" | sed 's/^/   /'
fi

if [ -n "$T_CJ" ]; then
  echo "== result: inspdf $RATE_INSPDF records/s wall ($RATE_CPU on idle cores)," \
    "check-jsonschema $RATE_CJ records/s: $(python3 -c "print(round($RATE_INSPDF / $RATE_CJ, 1))")x (target >= 10x)"
else
  echo "== result: inspdf $RATE_INSPDF records/s wall ($RATE_CPU on idle cores); check-jsonschema not measured"
fi
