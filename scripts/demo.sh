#!/usr/bin/env bash
# Sets up everything, fills the data dir with the demo provider if it is empty, and
# opens the Guichet window on it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cargo build -p guichet-cli -p guichet-desktop
data_dir="${GUICHET_DATA_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/fr.guichet.app}"
export GUICHET_DATA_DIR="$data_dir"
if [ ! -s "$data_dir/guichet.db" ] || [ "$(target/debug/guichet units --json)" = "[]" ]; then
  target/debug/guichet demo
fi
echo "Données : $data_dir"
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "Pas d'écran sur cette machine : la fenêtre s'ouvre dans un écran virtuel (xvfb-run)."
  exec xvfb-run -a target/debug/guichet-desktop
fi
exec target/debug/guichet-desktop
