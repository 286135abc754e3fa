#!/usr/bin/env bash
# Installs what Guichet needs on a fresh Debian/Ubuntu machine: system packages
# (build-notes.md), the UI's npm packages, and builds the UI. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

PACKAGES=(
  build-essential pkg-config file curl ca-certificates libssl-dev cmake
  libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev libayatana-appindicator3-dev
  libclang-dev libudev-dev libusb-1.0-0-dev
  xvfb xauth webkit2gtk-driver chromium poppler-utils sqlite3
  xdotool x11-xkb-utils socat
  postgresql openssl cups
  dbus gnome-keyring
  libreoffice-calc
)
missing=()
for package in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
command -v node >/dev/null || missing+=(nodejs npm)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "==> Paquets système : ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# The e-mail tests' SMTP server on loopback (tests/smtp/server.py): aiosmtpd from PyPI.
if ! python3 -c "import aiosmtpd" 2>/dev/null; then
  echo "==> aiosmtpd (serveur SMTP des tests)"
  python3 -m pip install --quiet "aiosmtpd==1.4.6" 2>/dev/null \
    || python3 -m pip install --quiet --break-system-packages "aiosmtpd==1.4.6" 2>/dev/null \
    || as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends python3-aiosmtpd
fi

if ! command -v cargo >/dev/null; then
  echo "==> Rust (rustup)"
  curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --default-toolchain none
  # shellcheck disable=SC1091
  source "$HOME/.cargo/env"
fi

node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "Node.js $node_major est trop ancien : l'interface a besoin de Node.js 20 ou plus." >&2
  exit 1
fi

echo "==> Interface (npm ci, vite build)"
(cd ui && npm ci --no-audit --no-fund && npm run build)
