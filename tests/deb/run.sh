#!/usr/bin/env bash
# The office's installation, as CI can do it on a fresh machine: build the .deb (from the debug
# build the tests already made; PLENO_DEB_PROFILE=release for the office's), install it with
# dpkg (apt-get -f brings its Debian dependencies), check what it put where, make the demo with
# the installed CLI (no repository at hand), open the browser screens the installed `pleno serve`
# hands out in Chromium, launch the installed app under Xvfb on its first
# run (welcome screen) and with that workspace (Beranda), read both screenshots with Tesseract,
# time the cold start to the first painted screen (median of 5) and `pleno --version`, then
# remove the package. Output and figures: tests/output/deb/.
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=$PWD/tests/output/deb
rm -rf "$OUT"
mkdir -p "$OUT/home"
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
fail() { echo "deb: $*" >&2; exit 1; }
now_ms() { date +%s%3N; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
report() { echo "$*" | tee -a "$OUT/report.txt"; }

if dpkg -s pleno 2>/dev/null | grep -q '^Status: install ok installed'; then
  fail "paket pleno sudah terpasang di mesin ini; pemeriksaan ini memasang dan menghapusnya, jadi jalankan di mesin lain atau hapus dulu (dpkg -r pleno)"
fi
deb=$(tools/deb.sh "${PLENO_DEB_PROFILE:-debug}" | tail -n 1)
pkg=$(dpkg-deb --field "$deb" Package)
report "paket $deb: $(du -k "$deb" | cut -f1) KiB, $(dpkg-deb --field "$deb" Package) $(dpkg-deb --field "$deb" Version), Depends: $(dpkg-deb --field "$deb" Depends)"

xvfb=""
app=""
serve=""
cleanup() {
  [ -n "$app" ] && kill "$app" 2>/dev/null || true
  [ -n "$serve" ] && kill "$serve" 2>/dev/null || true
  [ -n "$xvfb" ] && kill "$xvfb" 2>/dev/null || true
  as_root dpkg -r "$pkg" >/dev/null 2>&1 || true
}
trap cleanup EXIT

# ── install ──────────────────────────────────────────────────────────────────────────────────
if ! as_root dpkg -i "$deb" >"$OUT/dpkg.log" 2>&1; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -f -y -qq --no-install-recommends >>"$OUT/dpkg.log"
fi
dpkg -s "$pkg" | grep -q '^Status: install ok installed' || fail "$pkg tidak terpasang (lihat $OUT/dpkg.log)"
for b in pleno pleno-desktop; do
  p=$(command -v "$b") || fail "$b tidak ada di PATH"
  dpkg -S "$p" >/dev/null 2>&1 || fail "$b di PATH ($p) bukan dari paket"
done
entry=$(dpkg -L "$pkg" | grep '^/usr/share/applications/.*\.desktop$' | head -n 1)
[ -n "$entry" ] || fail "tidak ada entri menu (.desktop)"
grep -q '^Exec=pleno-desktop' "$entry" || fail "$entry tidak menjalankan pleno-desktop"
icon=$(sed -n 's/^Icon=//p' "$entry")
dpkg -L "$pkg" | grep -q "/usr/share/icons/hicolor/.*/apps/$icon.png" || fail "ikon $icon tidak terpasang"
[ -f /usr/share/doc/pleno/reference-files.md ] || fail "/usr/share/doc/pleno/reference-files.md tidak terpasang"
report "terpasang: $(command -v pleno), $(command -v pleno-desktop), menu $entry (ikon $icon)"

# ── the installed CLI: version timing, the demo without the repository ─────────────────────
times=()
for _ in 1 2 3 4 5; do
  t0=$(date +%s%N); pleno --version >/dev/null; t1=$(date +%s%N)
  times+=("$(( (t1 - t0) / 1000 ))")
done
report "pleno --version: median $(printf '%s\n' "${times[@]}" | median) µs (5 kali: ${times[*]} µs)"
t0=$(now_ms)
(cd "$OUT/home" && HOME="$OUT/home" pleno demo --out "$OUT/home/demo" >"$OUT/demo.txt" 2>&1) \
  || fail "pleno demo dari paket gagal (lihat $OUT/demo.txt)"
ws="$OUT/home/demo/ruang-kerja"
[ -f "$OUT/home/demo/contoh/demo/referensi.xlsx" ] || fail "demo tidak menulis contoh/demo/referensi.xlsx"
report "pleno demo (paket, tanpa folder assets): $(( $(now_ms) - t0 )) ms"

# ── the installed `pleno serve`: the API and the browser UI for LAN screens ────────────────
port=$(( 20000 + RANDOM % 20000 ))
token=deb-check-token-0123456789abcdef
pleno serve "$ws" --bind "127.0.0.1:$port" --token "$token" --read-token "$token-read" >"$OUT/serve.txt" 2>&1 &
serve=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/api/health" >/dev/null && break; sleep 0.1; done
curl -sf "http://127.0.0.1:$port/" | grep -q '<div id="app"' || fail "pleno serve tidak menyajikan antarmuka (lihat $OUT/serve.txt)"
asset=$(curl -sf "http://127.0.0.1:$port/" | grep -o 'src="\./assets/[^"]*\.js"' | head -n 1 | cut -d'"' -f2 | sed 's/^\.//')
curl -sf -o /dev/null "http://127.0.0.1:$port$asset" || fail "pleno serve: $asset tidak ada"
curl -sf -H "Authorization: Bearer $token-read" "http://127.0.0.1:$port/api/workspace" | grep -q SUKAMAJU \
  || fail "pleno serve: /api/workspace tidak menjawab"
grep -q "komputer utama  : http://127.0.0.1:$port/?token=$token" "$OUT/serve.txt" || fail "pleno serve tidak mencetak tautan komputer utama"
grep -q "laptop panel    : buka http://127.0.0.1:$port/ lalu ketik kode pasangan" "$OUT/serve.txt" || fail "pleno serve tidak menjelaskan pasangan laptop panel"
node tests/deb/lan.mjs "http://127.0.0.1:$port" "$token" "$token-read" "$OUT" || fail "layar peramban dari pleno serve (lihat $OUT/lan-*.png)"
kill "$serve"; wait "$serve" 2>/dev/null || true
serve=""
[ -e /usr/share/pleno/ui ] && fail "paket masih memasang /usr/share/pleno/ui; antarmuka seharusnya di dalam program"
report "pleno serve (paket): antarmuka dari dalam program, $asset; Beranda (token penuh) dan proyektor (token hanya-baca) tampil di Chromium"

# ── the installed app under Xvfb ───────────────────────────────────────────────────────────
display=":$(( 70 + RANDOM % 20 ))"
Xvfb "$display" -screen 0 1366x768x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
sleep 1
log="$OUT/home/state/pleno/pleno-desktop.log"

# Starts the installed app with `$@`, waits for its "first screen painted" log line and sets
# `took` to the milliseconds from before exec to that paint (the app's own wall clock).
launch() {
  local before t0 line
  before=0
  [ -f "$log" ] && before=$(wc -l <"$log")
  t0=$(now_ms)
  HOME="$OUT/home" DISPLAY="$display" XDG_STATE_HOME="$OUT/home/state" \
    XDG_CONFIG_HOME="$OUT/home/config" XDG_DATA_HOME="$OUT/home/data" \
    /usr/bin/pleno-desktop "$@" >>"$OUT/app.stderr" 2>&1 &
  app=$!
  for _ in $(seq 1 600); do
    line=$(tail -n +"$((before + 1))" "$log" 2>/dev/null | grep -m1 'layar pertama tampil' || true)
    [ -n "$line" ] && break
    kill -0 "$app" 2>/dev/null || fail "aplikasi berhenti sebelum tampil (lihat $OUT/app.stderr)"
    sleep 0.1
  done
  [ -n "$line" ] || fail "aplikasi tidak tampil dalam 60 s (lihat $log)"
  took=$(( $(sed -n 's/.*epoch_ms \([0-9]*\).*/\1/p' <<<"$line") - t0 ))
}
quit() {
  kill "$app" 2>/dev/null || true
  wait "$app" 2>/dev/null || true
  app=""
}
# The screen as the office sees it, and what Tesseract reads on it.
shot() {
  sleep 1.5
  import -display "$display" -window root "$OUT/$1.png"
  tesseract "$OUT/$1.png" - 2>/dev/null >"$OUT/$1.txt"
}
expect_text() {
  local name=$1; shift
  for text in "$@"; do
    grep -qi -- "$text" "$OUT/$name.txt" || fail "layar $name tidak menampilkan '$text' (lihat $OUT/$name.png, $OUT/$name.txt)"
  done
}

launch
first=$took
shot pertama-kali
expect_text pertama-kali "Selamat datang" "Coba dengan data contoh" "Buka ruang kerja"
quit
report "jalan pertama (tanpa ruang kerja): layar sambutan tampil ${first} ms setelah mulai"

starts=()
for i in 1 2 3 4 5; do
  launch "$ws"
  starts+=("$took")
  if [ "$i" = 1 ]; then
    shot beranda
    expect_text beranda "Beranda" "Sukamaju"
  fi
  quit
done
report "mulai sampai layar Beranda (ruang kerja demo): median $(printf '%s\n' "${starts[@]}" | median) ms (5 kali: ${starts[*]} ms)"
opened=$(grep -c 'ruang kerja dibuka' "$log" || true)
[ "$opened" = 5 ] || fail "log $log mencatat $opened kali ruang kerja dibuka, bukan 5"
! grep -q 'tidak dapat dibuka' "$log" || fail "log $log: $(grep -m1 'tidak dapat dibuka' "$log")"
report "log aplikasi: $log ($(wc -l <"$log") baris)"

# ── remove ─────────────────────────────────────────────────────────────────────────────────
as_root dpkg -r "$pkg" >>"$OUT/dpkg.log" 2>&1
[ ! -e /usr/bin/pleno ] && [ ! -e /usr/bin/pleno-desktop ] || fail "dpkg -r meninggalkan berkas program"
report "dihapus: dpkg -r $pkg"
