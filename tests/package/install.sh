#!/usr/bin/env bash
# Installs Guichet's .deb on this machine (as root), launches the INSTALLED app under
# Xvfb through WebKitWebDriver on a demo data dir, finds the planning, then removes
# the package. Not part of CI's default run: it needs the .deb of scripts/package.sh
# (a release build, ~6 min alone on 2 cores, much more on a busy machine).
#
#   scripts/package.sh && tests/package/install.sh [path/to/Guichet_*.deb]
#
# GUICHET_BIN names the `guichet` command that fills the demo data dir (default: the
# workspace's debug build). Exit 0 when the installed app showed the planning and the
# package was removed cleanly.
set -euo pipefail
cd "$(dirname "$0")/../.."

deb="${1:-$(ls -t target/release/bundle/deb/*.deb 2>/dev/null | head -1)}"
[ -n "$deb" ] && [ -f "$deb" ] || { echo "Aucun .deb : lancez d'abord scripts/package.sh" >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || { echo "À lancer en root (dpkg -i)" >&2; exit 2; }
guichet="${GUICHET_BIN:-$PWD/target/debug/guichet}"
[ -x "$guichet" ] || cargo build -j2 -q -p guichet-cli
deb="$(realpath "$deb")"
package="$(dpkg-deb -f "$deb" Package)"

if dpkg -s "$package" >/dev/null 2>&1; then
  echo "Le paquet $package est déjà installé : ce test l'installe et le retire lui-même ; retirez-le d'abord (dpkg -r $package)." >&2
  exit 2
fi

data="$(mktemp -d /tmp/guichet-installed-XXXXXX)"
cleanup() {
  dpkg -r "$package" >/dev/null 2>&1 || true
  rm -rf "$data"
}
trap cleanup EXIT

echo "==> Installation de $deb"
# apt-get resolves the dependencies the .deb declares (WebKitGTK, GTK, libudev).
DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$deb" >/dev/null
dpkg -s "$package" | grep -q "^Status: install ok installed"
binary=/usr/bin/guichet-desktop
test -x "$binary"
test -f /usr/share/applications/Guichet.desktop
for size in 32x32 64x64 128x128 256x256; do
  test -f "/usr/share/icons/hicolor/$size/apps/guichet-desktop.png"
done
grep -q "^Exec=guichet-desktop" /usr/share/applications/Guichet.desktop

echo "==> Données de démonstration dans $data"
"$guichet" --data-dir "$data" demo >/dev/null

echo "==> Lancement de l'application installée sous Xvfb"
xvfb-run -a node tests/package/installed.mjs "$binary" "$data"

echo "==> Désinstallation"
dpkg -r "$package" >/dev/null
if dpkg -s "$package" 2>/dev/null | grep -q "^Status: install ok installed"; then
  echo "le paquet est resté installé" >&2
  exit 1
fi
test ! -e "$binary"
echo "OK : installé, lancé (planning trouvé), retiré."
