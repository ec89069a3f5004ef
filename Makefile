# Two entry points, each working on a fresh Debian machine with Python 3.11+:
#   make run    set up and show the bundled white-paper deck (pass ARGS="--windowed" etc.)
#   make test   set up and run the whole test suite (headless), lint and type checks
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# What QtMultimedia and its FFmpeg libraries load (video slides, the kiosk[video] extra):
# `readelf -d` / `ldd` on the PySide6-Addons 6.11.3 wheel's Qt/lib and multimedia plugin
VIDEO_DEBS := libpulse0 libxrandr2 libxext6 libx11-6 libdrm2 libbz2-1.0 zlib1g
# Debian libraries the PySide6 wheels load (offscreen and X11/xcb platforms) + a fallback font
QT_DEBS := libgl1 libegl1 libopengl0 libxkbcommon0 libfontconfig1 libfreetype6 libdbus-1-3 \
           libglib2.0-0 fonts-dejavu-core $(VIDEO_DEBS)
XCB_DEBS := libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 \
            libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 \
            libx11-xcb1 libxrender1 libxi6
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test lint bench debs-test debs-fleet debs-x11 debs-run venv clean

run: debs-run $(BIN)/.installed
	$(BIN)/kiosk $(ARGS)

test: debs-test debs-fleet debs-x11 $(BIN)/.installed
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -p no:cacheprovider
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy

bench: debs-test $(BIN)/.installed
	$(BIN)/python -m kiosk.bench $(ARGS)

venv: $(BIN)/.installed

$(BIN)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "kiosk needs Python 3.11 or newer (found " + sys.version.split()[0] + ")")'
	@$(PYTHON) -c 'import ensurepip' 2>/dev/null || $(MAKE) --no-print-directory _apt PKGS=python3-venv
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

debs-test:
	@$(MAKE) --no-print-directory _apt PKGS="$(QT_DEBS)"

# the fleet tests start a real MQTT broker
debs-fleet:
	@$(MAKE) --no-print-directory _apt PKGS="mosquitto"

# the tests of what only a real X server shows (exit chord, focus, screen power, video
# frames converted without a GL driver): Xvfb, xdotool, xmessage (x11-utils: a second
# window to take the focus) and the xcb platform's libraries
debs-x11:
	@$(MAKE) --no-print-directory _apt PKGS="xvfb xdotool x11-utils $(XCB_DEBS)"

debs-run:
	@$(MAKE) --no-print-directory _apt PKGS="$(QT_DEBS) $(XCB_DEBS)"

# install only what is missing, so a machine that has everything needs no apt at all
_apt:
	@missing=$$(for p in $(PKGS); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if command -v apt-get >/dev/null; then \
	    echo "installing Debian packages: $$missing"; \
	    $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  else echo "not a Debian system: install the equivalents of: $$missing"; fi; \
	fi

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
