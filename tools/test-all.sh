#!/usr/bin/env bash
# Every check the project runs: formatting, lints, Rust tests (and, as they land, the UI build,
# browser E2E and desktop E2E). `.ci/run` installs what this needs on a fresh Debian 12 machine.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s (%s)\n' "$*" "$(date +%H:%M:%S)"; }

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy (default members)"
cargo clippy --locked --all-targets -- -D warnings

step "cargo test"
cargo test --locked

echo
echo "ALL CHECKS PASSED"
