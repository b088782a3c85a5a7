#!/usr/bin/env bash
# Runs the README's Spark recipe for real (and bench/indexed-job.sh's shards): PySpark in local mode, the
# documented `RDD.pipe` stage over a few partitions of a path list that
# holds the bundled samples, a file that is not a PDF and a path that does
# not exist, and checks that the lines Spark collects are byte-identical to
# one plain `inspdf convert --files-from - --jsonl -` run over the same list;
# then runs every shard of bench/indexed-job.sh over the list and checks the
# parts, concatenated in index order, are byte-identical to it too.
#
#   bench/spark-recipe.sh            # uses target/release/inspdf (built if missing)
#   INSPDF=/usr/local/bin/inspdf PARTITIONS=4 bench/spark-recipe.sh
#
# Needs: python3 with venv, network access to PyPI (pyspark goes into a
# throw-away venv, removed on exit) and a Java runtime (Debian's
# openjdk-17-jre-headless is installed with apt-get when `java` is missing).
#
# Order: `collect()` returns the partitions in order and `pipe` keeps each
# partition's lines in its order; convert writes one line per input, in
# input order (--jobs 1), so the concatenation needs no sorting. The script
# compares in order, and says whether a difference is only one of order.
#
# PySpark's `pipe` starts the command with an EMPTY environment unless it is
# given `env=` (its Scala counterpart inherits the executor's): no PATH, so
# a bare `inspdf` is "not found". The recipe names the binary by absolute
# path and passes PATH. Exit status: 0 when both are identical, 1 when one
# is not, 2 when the run itself could not be set up.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
partitions=${PARTITIONS:-3}

inspdf=${INSPDF:-$root/target/release/inspdf}
case $inspdf in /*) ;; *) inspdf=$(command -v "$inspdf" || echo "$root/$inspdf") ;; esac
if [ ! -x "$inspdf" ]; then
  cargo build --release --locked
fi

if ! command -v java >/dev/null 2>&1; then
  SUDO=""
  if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1; then SUDO=sudo; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq openjdk-17-jre-headless >/dev/null
fi
java -version 2>&1 | head -1

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install -q --disable-pip-version-check pyspark
echo "pyspark $("$work/venv/bin/python" -c 'import pyspark; print(pyspark.__version__)')"

# The inputs: every bundled sample, a file that is not a PDF, a path that
# does not exist (absolute paths: the executors' working folder is Spark's).
list=$work/list.txt
{
  for f in "$root"/samples/*.pdf; do echo "$f"; done
  echo "$root/tests/fixtures/robustness/ofsted-ilacs__80429_birmingham__children_s_services_inspection_-_19_october_2012.html-not-pdf.pdf"
  echo "$work/gone.pdf"
} >"$list"
echo "inputs: $(wc -l <"$list") paths ($(ls "$root"/samples/*.pdf | wc -l) samples, 1 not a PDF, 1 missing)"

# One plain run (exit 1: some files failed, which is data).
status=0
"$inspdf" convert --files-from - --jsonl - --jobs 1 --no-progress <"$list" >"$work/plain.jsonl" \
  2>"$work/plain.log" || status=$?
if [ "$status" -gt 1 ]; then
  cat "$work/plain.log" >&2
  exit 2
fi
echo "plain run: exit $status, $(wc -l <"$work/plain.jsonl") lines"

# The README's recipe, as a PySpark driver in local mode.
cat >"$work/recipe.py" <<'EOF'
import os
import sys

from pyspark import SparkConf, SparkContext

inspdf, listing, out, partitions = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
conf = (
    SparkConf()
    .setMaster(f"local[{partitions}]")
    .setAppName("inspdf-recipe")
    .set("spark.ui.showConsoleProgress", "false")
)
sc = SparkContext(conf=conf)
sc.setLogLevel("ERROR")
paths = sc.textFile(f"file://{listing}", minPartitions=partitions)
# --- the recipe ---
lines = paths.pipe(
    f"sh -c '{inspdf} convert --files-from - --jsonl - --jobs 1 --no-progress; test $? -le 1'",
    env={"PATH": os.environ.get("PATH", "/usr/bin:/bin")},
    checkCode=True,
)
# ------------------
sizes = paths.glom().map(len).collect()
collected = lines.collect()
sc.stop()
print(f"spark: {len(sizes)} partitions of {sizes} paths, {len(collected)} lines collected")
with open(out, "w", encoding="utf-8", newline="") as f:
    f.writelines(line + "\n" for line in collected)
EOF
"$work/venv/bin/python" "$work/recipe.py" "$inspdf" "$list" "$work/spark.jsonl" "$partitions" \
  2>"$work/spark.log" || { cat "$work/spark.log" >&2; exit 2; }
# convert's per-file lines and summaries, one set per partition (stderr).
grep -e '^ok ' -e '^FAIL ' -e ' converted, ' "$work/spark.log" | sed 's/ in [0-9.]* s//' || true

# The bare-`inspdf` form the README had, to show why it failed.
cat >"$work/bare.py" <<'EOF'
import sys

from pyspark import SparkConf, SparkContext

sc = SparkContext(conf=SparkConf().setMaster("local[1]").setAppName("inspdf-bare"))
sc.setLogLevel("OFF")
paths = sc.parallelize([sys.argv[1]], 1)
try:
    print("bare recipe:", paths.pipe(
        "sh -c 'inspdf convert --files-from - --jsonl - --jobs 1 --no-progress; test $? -le 1'",
        checkCode=True).collect())
except Exception as e:
    print("bare recipe (no absolute path, no env) fails:", type(e).__name__)
sc.stop()
EOF
PATH="$(dirname "$inspdf"):$PATH" "$work/venv/bin/python" "$work/bare.py" "$(head -1 "$list")" \
  2>"$work/bare.log" || true
grep -m1 -o 'sh: 1: inspdf: not found\|sh: inspdf: not found' "$work/bare.log" || true

plain_sum=$(sha256sum <"$work/plain.jsonl" | cut -c1-16)
spark_sum=$(sha256sum <"$work/spark.jsonl" | cut -c1-16)
echo "plain  sha256 $plain_sum  ($(wc -c <"$work/plain.jsonl") bytes)"
echo "spark  sha256 $spark_sum  ($(wc -c <"$work/spark.jsonl") bytes)"
grep -o '"status":"[a-z]*"\(,"sha256":"[0-9a-f]*"\)\?\(,"class":"[a-z_]*"\)\?' "$work/spark.jsonl" |
  sed 's/,"sha256":"[0-9a-f]*"//' | sort | uniq -c

# bench/indexed-job.sh in the same spirit: every shard of the same list,
# one after another, the parts concatenated in index order.
shards=$partitions
for ((i = 0; i < shards; i++)); do
  LIST=$list SHARDS=$shards OUT=$work/parts JOB_COMPLETION_INDEX=$i JOBS=1 INSPDF=$inspdf \
    bench/indexed-job.sh 2>>"$work/shards.log"
done
cat "$work/parts"/part-*.jsonl >"$work/shards.jsonl"
echo "indexed-job: $shards shards, parts of $(for f in "$work/parts"/part-*.jsonl; do wc -l <"$f"; done | paste -sd, -) lines"

# 0 when $2 equals $1 byte for byte; says how it differs otherwise.
same() {
  if cmp -s "$work/plain.jsonl" "$2"; then
    echo "$1: byte-identical to the plain run, in order (sha256 $(sha256sum <"$2" | cut -c1-16))"
    return 0
  fi
  if cmp -s <(sort "$work/plain.jsonl") <(sort "$2"); then
    echo "$1: DIFFERENT ORDER: the same lines, not in the plain run's order" >&2
  else
    echo "$1: DIFFERENT from the plain run" >&2
    diff <(cut -c1-160 "$work/plain.jsonl") <(cut -c1-160 "$2") >&2 || true
  fi
  return 1
}
ok=0
same "spark RDD.pipe" "$work/spark.jsonl" || ok=1
same "indexed-job shards" "$work/shards.jsonl" || ok=1
exit "$ok"
