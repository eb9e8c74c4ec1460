#!/usr/bin/env bash
# Installs what `make demo` and `make test` need, only what is missing: Debian packages through
# apt (as root), then a .venv with the kiosk and its dependencies. Safe to run again and again.
set -euo pipefail
cd "$(dirname "$0")/.."
# What set-up says goes to standard error: `make bench` prints only its JSON on standard output.
exec 1>&2

# espeak-ng speaks; the Noto fonts draw every script the kiosk offers (Nastaliq Urdu, Arabic,
# Bengali, Gurmukhi, Gujarati, Chinese); the libraries are what Qt needs to draw, offscreen too;
# xvfb (and xauth, for xvfb-run) lets the kiosk be seen on a machine with no screen.
# tests/ui/test_atspi.py reads what assistive technology sees on such a screen: a session bus
# (dbus-daemon), the AT-SPI bus and registry (at-spi2-core), and Debian's python3 with pyatspi.
APT_PACKAGES=(
  espeak-ng libespeak-ng1 fonts-noto-core fonts-noto-cjk fonts-dejavu-core
  libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libglib2.0-0
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0 libxcb-randr0
  libxcb-render-util0 libxcb-image0 xvfb xauth poppler-utils gettext
  dbus-daemon at-spi2-core python3-pyatspi gir1.2-atspi-2.0
)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    echo "Installing system packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "These system packages are missing: ${missing[*]}" >&2
    echo "Install them, then run this again:  sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi

PY=${PYTHON:-python3}
if ! "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "Council Kiosk needs Python 3.11 or newer; '$PY' is older or missing." >&2
  echo "On Debian: apt-get install python3 python3-venv (bookworm has 3.11)." >&2
  exit 1
fi
if [ ! -x .venv/bin/python ]; then
  echo "Creating .venv"
  "$PY" -m venv .venv || { echo "Could not make a virtual environment: apt-get install python3-venv" >&2; exit 1; }
fi
# Reinstall only when the dependency list changed.
stamp=.venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)
if [ ! -e "$stamp" ]; then
  echo "Installing the kiosk and its Python dependencies into .venv"
  .venv/bin/python -m pip install -q --upgrade pip >/dev/null
  .venv/bin/python -m pip install -q -e '.[dev]'
  rm -f .venv/.installed-*
  touch "$stamp"
fi
