#!/usr/bin/env bash
# Entry of the `inspdf-validate` pre-commit hook (.pre-commit-hooks.yaml,
# `language: script`: pre-commit runs it from its clone of this repository,
# in the user's repository, with the files to check as arguments).
#
# Builds inspdf from that clone with the committed Cargo.lock
# (`cargo build --locked`: the versions the test suite ran with, never
# newer ones), then validates the files. The first run compiles inspdf and
# its PDF engines (minutes on a small machine); later runs find the build
# done (cargo checks it in under a second).
#
# The build goes to CARGO_TARGET_DIR when set, else to one cache folder
# shared by every revision (~/.cache/inspdf/pre-commit-target): pre-commit
# clones each `rev:` afresh, and a shared folder means a new revision
# recompiles inspdf only, not its dependencies.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
if ! command -v cargo >/dev/null 2>&1; then
  echo "inspdf-validate: cargo is required (Rust 1.95+, https://rustup.rs)," \
    "or use the inspdf-validate-system hook with an installed inspdf" >&2
  exit 2
fi
target="${CARGO_TARGET_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/inspdf/pre-commit-target}"
cargo build --quiet --release --locked --bin inspdf \
  --manifest-path "$here/Cargo.toml" --target-dir "$target" >&2
exec "$target/release/inspdf" validate "$@"
