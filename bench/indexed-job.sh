#!/bin/sh
# One shard of a batch: the entry point of a Kubernetes indexed Job (or any
# array job: Slurm, AWS Batch). Converts the JOB_COMPLETION_INDEX-th of
# SHARDS line-aligned chunks of LIST and writes its JSON Lines to
# OUT/part-NNNNN.jsonl (atomically: a retried pod overwrites, never appends).
# Concatenating the parts in index order gives the bytes of one run over
# LIST (bench/parallel-recipe.sh checks this).
#
#   LIST=/data/all.txt SHARDS=100 OUT=/data/out JOB_COMPLETION_INDEX=7 bench/indexed-job.sh
#
# Exit status: 0 when the shard ran (failed files are lines in the output),
# non-zero only when the shard itself could not run, so the Job retries it.
set -eu
: "${LIST:?path list, one PDF per line}" "${SHARDS:?number of shards}" "${OUT:?output folder}"
: "${JOB_COMPLETION_INDEX:?set by Kubernetes for Indexed Jobs}"
INSPDF=${INSPDF:-inspdf}
part=$(printf '%s/part-%05d.jsonl' "$OUT" "$JOB_COMPLETION_INDEX")
mkdir -p "$OUT"
status=0
split -n "l/$((JOB_COMPLETION_INDEX + 1))/$SHARDS" "$LIST" |
    "$INSPDF" convert --files-from - --jsonl "$part.tmp" --jobs "${JOBS:-0}" --no-progress ||
    status=$?
# 1 = some files failed or were rejected: that is data, not a failed shard.
[ "$status" -le 1 ] || exit "$status"
mv "$part.tmp" "$part"
