#!/usr/bin/env bash
# Runs this repository's pre-commit hooks with the real pre-commit tool, as
# a user's repository would: pre-commit from pip in a throw-away venv, a
# scratch git repository holding a good record, a bad record and a
# package.json, and a .pre-commit-config.yaml naming this repository by
# path with `rev:` = the commit checked out here (HEAD: commit first, the
# hooks are read from the commit, not from the working tree).
#
# Checks that `pre-commit run --all-files` fails naming the bad record
# (and not the good one), never looks at package.json, and passes once the
# bad record is fixed: for the `inspdf-validate` hook (builds inspdf with
# Cargo.lock, `cargo build --locked`) and for `inspdf-validate-system`
# (the inspdf on PATH).
#
# The build reuses this checkout's: CARGO_TARGET_DIR for pre-commit's
# clone is a copy of target/release made of hard links (cp -al), so only
# the inspdf crate itself is compiled (a few minutes), never the
# dependencies; set KEEP=1 to keep the scratch folder. Needs python3 with
# venv, git, cargo, and pip's index (or a pip cache).
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"
rev="$(git rev-parse HEAD)"
if [ -n "$(git status --porcelain -- .pre-commit-hooks.yaml tests/precommit)" ]; then
  echo "pre-commit-check: commit .pre-commit-hooks.yaml and tests/precommit first (pre-commit reads $rev)" >&2
  exit 2
fi
started=$(date +%s)
scratch="$(mktemp -d)"
if [ "${KEEP:-0}" = 1 ]; then echo "scratch: $scratch"; else trap 'rm -rf "$scratch"' EXIT; fi
fail() { echo "pre-commit-check: FAIL: $*" >&2; exit 1; }

python3 -m venv "$scratch/venv"
"$scratch/venv/bin/python" -m pip install -q --disable-pip-version-check pre-commit
precommit="$scratch/venv/bin/pre-commit"
echo "pre-commit $("$precommit" --version | awk '{print $2}') ($(( $(date +%s) - started )) s)"
export PRE_COMMIT_HOME="$scratch/cache"

# The build target: hard links to this checkout's release build (cargo
# replaces a file rather than writing into it, so the checkout's own
# files are never changed).
target="$scratch/target"
mkdir -p "$target"
if [ -d target/release ]; then cp -al target/release "$target/release"; fi
export CARGO_TARGET_DIR="$target"

# A user's repository: records where convert writes them (records/), one
# of them invalid, a package.json, and a rejected record convert left.
work="$scratch/work"
mkdir -p "$work/records/_rejected"
cp tests/fixtures/validate/valid/minimal.json "$work/records/good.json"
python3 - "$work/records/good.json" "$work/records/bad.json" <<'PY'
import json, sys
record = json.load(open(sys.argv[1]))
record["report"]["title"] = 7   # a number where the schema wants a string
json.dump(record, open(sys.argv[2], "w"), indent=2)
PY
cp "$work/records/bad.json" "$work/records/_rejected/bad.json"
echo '{"name": "site", "version": 1}' > "$work/package.json"
cd "$work"
git init -q .
git -c user.name=check -c user.email=check@example.invalid commit -q --allow-empty -m init

for hook in inspdf-validate inspdf-validate-system; do
  cp "$work/records/_rejected/bad.json" "$work/records/bad.json"
  cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $repo
    rev: $rev
    hooks:
      - id: $hook
YAML
  git add -A
  if [ "$hook" = inspdf-validate-system ]; then
    # The installed inspdf: the one the first hook built.
    export PATH="$target/release:$PATH"
  fi
  t0=$(date +%s)
  if "$precommit" run --all-files --verbose > "$scratch/$hook.bad.log" 2>&1; then
    cat "$scratch/$hook.bad.log"; fail "$hook passed with records/bad.json invalid"
  fi
  echo "$hook: first run $(( $(date +%s) - t0 )) s (fails, as it should)"
  grep -q 'records/bad.json:[0-9]*:[0-9]*' "$scratch/$hook.bad.log" \
    || { cat "$scratch/$hook.bad.log"; fail "$hook did not name records/bad.json:line:col"; }
  if grep -q 'good.json\|package.json\|_rejected' "$scratch/$hook.bad.log"; then
    cat "$scratch/$hook.bad.log"; fail "$hook reported a file it should not check"
  fi
  cp records/good.json records/bad.json
  git add -A
  t0=$(date +%s)
  "$precommit" run --all-files --verbose > "$scratch/$hook.good.log" 2>&1 \
    || { cat "$scratch/$hook.good.log"; fail "$hook failed with every record valid"; }
  echo "$hook: run after the fix $(( $(date +%s) - t0 )) s (passes)"
  # package.json is never handed to the hook: invalid as a record, it
  # would fail the run.
  echo '{"name": "site", "version": 2}' > package.json
  git add -A
  "$precommit" run --files package.json --verbose > "$scratch/$hook.pkg.log" 2>&1 \
    || { cat "$scratch/$hook.pkg.log"; fail "$hook checked package.json"; }
  grep -q 'no files to check' "$scratch/$hook.pkg.log" \
    || { cat "$scratch/$hook.pkg.log"; fail "$hook was run on package.json"; }
done
echo "pre-commit-check: ok in $(( $(date +%s) - started )) s"
