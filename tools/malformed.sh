#!/usr/bin/env bash
# The malformed-input suite at full size (issue 17): N seeded broken photos, figure tables and
# bundles each (default 400, so 1,200 cases) through `pleno read`, the photo import, the figure
# import and the bundle import. CI runs 30 of each inside `cargo test`; this prints the figures:
# refusals by code, acceptances and the slowest case per kind.
#   tools/malformed.sh [N] [SEED]
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-400}"
seed="${2:-2024}"
started=$(date +%s)
PLENO_MALFORMED="$n" PLENO_MALFORMED_SEED="$seed" \
  cargo test --locked -p pleno-app --test malformed -- --nocapture --test-threads=3 2>&1 |
  grep -E '^(photos|tables|bundles):|^test |panicked|still running|test result'
echo "malformed: $((n * 3)) cases, seed $seed, $(( $(date +%s) - started )) s"
