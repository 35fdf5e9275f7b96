#!/usr/bin/env bash
# Every check the project runs: formatting, lints, Rust tests, the UI (type check, unit tests,
# build), browser E2E, desktop E2E, and the .deb installed and removed (needs root or sudo).
# `.ci/run` installs what this needs on a fresh Debian 12 machine.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s (%s)\n' "$*" "$(date +%H:%M:%S)"; }

# ── UI (ui/, Svelte + Vite) first: pleno-app puts the built ui/dist inside the program ─────
step "npm ci"
npm ci --no-audit --no-fund

step "UI: svelte-check"
npm run check

step "UI: vitest (Backend contract, formatting, panel keys)"
npm test

step "UI: build ui/dist"
npm run build

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy (default members)"
cargo clippy --locked --all-targets -- -D warnings

step "cargo test"
cargo test --locked

# ── the browsers and the desktop shell (src-tauri) ─────────────────────────────────────────
# `cargo test` above built target/debug/pleno (pleno-cli's integration tests run it); a
# separate `cargo build` would unify features differently and rebuild half the tree.
step "browser E2E (pleno serve + chromium; screenshots in tests/output/browser)"
npm run e2e

step "desktop: build src-tauri (debug, custom protocol) and its tests"
cargo build --locked -p pleno-desktop --features tauri/custom-protocol
cargo test --locked -p pleno-desktop --features tauri/custom-protocol

step "desktop E2E (tauri-driver + WebKitWebDriver under Xvfb; screenshots in tests/output/desktop)"
npm run e2e:desktop

# After the desktop E2E: Tauri's bundler stamps the package type into target/debug/pleno-desktop.
step ".deb: package the debug build, install, launch under Xvfb, remove (tests/output/deb)"
tests/deb/run.sh

echo
echo "ALL CHECKS PASSED"
