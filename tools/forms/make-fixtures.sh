#!/usr/bin/env bash
# Synthetic photographed C.Hasil pages with their truth JSON, made by `pleno form synth`.
#   tools/forms/make-fixtures.sh                 → tests/fixtures/photos (small set, committed)
#   tools/forms/make-fixtures.sh --bench DIR N   → N photos per style at 12 MP for benchmarks
# Deterministic: the same seeds give the same bytes.
set -euo pipefail
cd "$(dirname "$0")/../.."
PLENO=${PLENO_BIN:-target/debug/pleno}
[ -x "$PLENO" ] || cargo build -q -p pleno-cli
values=$(mktemp -d)
trap 'rm -rf "$values"' EXIT

# PPWP page 2 (the results page), the Batam-like figures SIREKAP misread in 2024.
cat >"$values/102.json" <<'JSON'
{"suara_paslon_1": 103, "suara_paslon_2": 152, "suara_paslon_3": 84,
 "suara_sah": 339, "suara_tidak_sah": 5, "suara_total": 344}
JSON
# PPWP page 1: the voter and ballot sections of a TPS with DPT 291.
cat >"$values/101.json" <<'JSON'
{"pemilih_dpt_l": 146, "pemilih_dpt_p": 145, "pemilih_dpt_j": 291,
 "pengguna_dpt_l": 120, "pengguna_dpt_p": 127, "pengguna_dpt_j": 247,
 "pengguna_dptb_l": 0, "pengguna_dptb_p": 0, "pengguna_dptb_j": 0,
 "pengguna_dpk_l": 2, "pengguna_dpk_p": 0, "pengguna_dpk_j": 2,
 "pengguna_total_l": 122, "pengguna_total_p": 127, "pengguna_total_j": 249,
 "surat_diterima": 298, "surat_dikembalikan": 0, "surat_tidak_digunakan": 49,
 "surat_digunakan": 249,
 "pemilih_disabilitas_l": 1, "pemilih_disabilitas_p": 2, "pemilih_disabilitas_j": 3}
JSON

shot() { # name page style seed megapixels [extra args…]
  local name=$1 page=$2 style=$3 seed=$4 mp=$5; shift 5
  "$PLENO" form synth --page "$page" --values "$values/$page.json" --style "$style" \
    --seed "$seed" --megapixels "$mp" --out "$OUT/$name.jpg" --truth "$OUT/$name.json" "$@"
}

if [ "${1:-}" = "--bench" ]; then
  OUT=${2:?folder}; n=${3:-5}; mkdir -p "$OUT"
  for style in clean phone poor; do
    for i in $(seq 1 "$n"); do shot "bench-$style-$i" 102 "$style" "$((100 + i))" 12; done
  done
  exit 0
fi

OUT=tests/fixtures/photos
rm -rf "$OUT"; mkdir -p "$OUT"
shot ppwp-102-clean   102 clean 1 2
shot ppwp-102-phone   102 phone 2 2
shot ppwp-102-poor    102 poor  3 2
shot ppwp-101-phone   101 phone 4 2
shot ppwp-102-turned  102 phone 5 2 --rotation 180
shot ppwp-102-sideways 102 phone 6 2 --rotation 90
shot ppwp-102-cropped 102 phone 7 2 --crop-corner 2
shot ppwp-102-wrongpage 102 clean 8 2 --tag-override 103
du -sh "$OUT"
