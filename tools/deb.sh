#!/usr/bin/env bash
# Builds the Debian package: the desktop app (Tauri's bundler: binary, menu entry, icons) with
# the `pleno` CLI (/usr/bin/pleno, with the browser UI for LAN screens inside it) and the
# reference-file description the welcome screen points to (/usr/share/doc/pleno) in the same
# package.
#   tools/deb.sh           release build, what an office installs
#   tools/deb.sh debug     the debug build CI has already made for its tests (no second build)
# Prints the path of the .deb on its last line. Needs ui/dist (npm run build) and node_modules.
set -euo pipefail
cd "$(dirname "$0")/.."
profile=${1:-release}
[ -f ui/dist/index.html ] || { echo "ui/dist belum ada: jalankan 'npm run build' dulu" >&2; exit 2; }
case "$profile" in
  release)
    cargo build --locked --release -p pleno-cli --bin pleno
    tauri_flags=() ;;
  debug)
    # The CLI exactly as `cargo test` builds it (its integration tests run target/debug/pleno):
    # `cargo build -p pleno-cli` unifies features differently and recompiles most of the tree.
    cargo test --locked --no-run >&2
    tauri_flags=(--debug) ;;
  *) echo "usage: tools/deb.sh [release|debug]" >&2; exit 2 ;;
esac
# The CLI rides along as an extra file; the UI is already built (and inside both programs), so
# no before-build command.
files=$(printf '{"/usr/bin/pleno":"../target/%s/pleno","/usr/share/doc/pleno/reference-files.md":"../docs/reference-files.md"}' "$profile")
config=$(printf '{"build":{"beforeBuildCommand":""},"bundle":{"linux":{"deb":{"files":%s}}}}' "$files")
npx tauri build "${tauri_flags[@]}" --bundles deb --ci --config "$config" -- --locked >&2
ls -t target/"$profile"/bundle/deb/*.deb | head -n 1
