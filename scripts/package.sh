#!/usr/bin/env bash
# Builds Guichet's installers with the Tauri bundler (release build, UI embedded).
#
#   scripts/package.sh            # the .deb (builds offline)
#   scripts/package.sh deb,rpm    # any targets of the machine: deb, rpm, appimage
#                                 # (Linux), msi, nsis (Windows), app, dmg (macOS)
#
# The installers land in target/release/bundle/<target>/. The AppImage step downloads
# its own tools (linuxdeploy) and fails offline; msi/nsis need Windows, app/dmg macOS.
# The release build takes ~6 min on 2 cores the first time; it runs at low priority.
set -euo pipefail
cd "$(dirname "$0")/.."

bundles="${1:-deb}"
jobs="${CARGO_BUILD_JOBS:-2}"

if [ ! -x ui/node_modules/.bin/tauri ] || [ ! -d ui/node_modules/vite ]; then
  echo "==> Interface : npm ci (avec @tauri-apps/cli)"
  (cd ui && npm ci --no-audit --no-fund)
fi

echo "==> Interface : vite build (embarquée dans l'application)"
(cd ui && npm run build)

echo "==> Installateurs : ${bundles} (compilation release, -j${jobs})"
# `tauri build` runs `cargo build --release` with the features given (custom-protocol:
# the window serves the UI from the binary) and then the bundlers.
(cd src-tauri && nice -n 10 ../ui/node_modules/.bin/tauri build \
  --bundles "${bundles}" --features custom-protocol --ci -- -j"${jobs}")

echo "==> Fait :"
find target/release/bundle -maxdepth 2 -type f \( -name '*.deb' -o -name '*.rpm' \
  -o -name '*.AppImage' -o -name '*.msi' -o -name '*.exe' -o -name '*.dmg' \) -print
