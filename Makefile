# Lensboard: `make run` opens the app, `make test` runs every check. Both work from a clean clone
# on Debian 12 as root: `deps` installs what is missing and is quick when everything is there.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

ROOT := $(abspath .)
export PATH := $(HOME)/.cargo/bin:$(PATH)
# The tauri CLI guesses the front-end folder by looking for a package.json, and tests/e2e has one
# too: name both folders. The before-build/dev commands in tauri.conf.json run in ui/.
export TAURI_APP_PATH := $(ROOT)/src-tauri
export TAURI_FRONTEND_PATH := $(ROOT)/ui
# Saves ~90 MB per WebKit process; DMA-BUF is of no use under Xvfb.
export WEBKIT_DISABLE_DMABUF_RENDERER := 1

APP := $(abspath $(or $(CARGO_TARGET_DIR),$(ROOT)/target))/debug/lensboard
TAURI := ui/node_modules/.bin/tauri
STAGE := .ci/stage
NPM_CI := npm ci --ignore-scripts --no-audit --no-fund --loglevel=error

# System packages: build (webkit2gtk), headless runs and e2e (Xvfb, WebKitWebDriver), screenshots
# (ImageMagick), icons (rsvg-convert), the HTML report rendered headless (Chromium), and the
# install test of the .deb (desktop-file-validate, xmllint, update-mime-database, gio, a D-Bus
# session bus for the single-instance handoff), git (`lens git install` runs it; the merge
# driver's test merges in a real repository), and xdotool (real X keys into the native file
# dialog in the e2e tests).
APT_PACKAGES := build-essential pkg-config git libwebkit2gtk-4.1-dev xvfb xauth x11-utils \
                imagemagick fonts-dejavu-core webkit2gtk-driver librsvg2-bin chromium \
                desktop-file-utils libxml2-utils shared-mime-info libglib2.0-bin dbus xdotool

.PHONY: help deps apt-deps node-deps tauri-driver dev run build ui-build test fmt clippy \
        cargo-test typecheck lint vitest e2e bindings docs icons screenshot package install-test \
        bench-package bench-app bench-scale fuzz

help:
	@echo "make run         build the debug app and open it (under Xvfb when there is no display)"
	@echo "make dev         the app with Vite's hot reload"
	@echo "make test        fmt, clippy, cargo test, typecheck, lint, vitest, then e2e in the app window"
	@echo "make deps        install missing apt packages, npm packages and tauri-driver"
	@echo "make bindings    regenerate ui/src/bindings.ts from the Rust commands"
	@echo "make docs        regenerate docs/CATALOG.md and the architecture JSON Schema from the catalog"
	@echo "make icons       render icons/icon.svg into every size the bundler needs"
	@echo "make screenshot  take docs/screenshot.png of the app under Xvfb"
	@echo "make package     build the release .deb (app, lens CLI, desktop entry, icons, MIME type)"
	@echo "make install-test  build the .deb, check its contents and run the app unpacked from it"
	@echo "make bench-package  .deb size, launch-to-canvas time and idle memory (BENCHMARKS.md)"
	@echo "make bench-app   canvas in the app: edit-to-highlight latency (200), pan/zoom (1,000)"
	@echo "make bench-scale lens check on generated 10k / 100k / 1M-chain architectures (time, memory)"
	@echo "make fuzz        AFL++ on every parser (FUZZ_SECONDS per target, FUZZ_TARGETS); crashes kept as tests"

# ---------------------------------------------------------------------------------------------
# Dependencies (idempotent)

deps: apt-deps node-deps tauri-driver

apt-deps:
	@missing=""; \
	for pkg in $(APT_PACKAGES); do \
	  dpkg -s "$$pkg" >/dev/null 2>&1 || missing="$$missing $$pkg"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing apt packages:$$missing"; \
	  apt-get update -qq; \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	@command -v cargo >/dev/null || { echo "Rust (cargo) is required: https://rustup.rs" >&2; exit 1; }
	@node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' 2>/dev/null \
	  || { echo "Node.js 20 or newer is required (Vite 7)" >&2; exit 1; }

node-deps: ui/node_modules/.installed tests/e2e/node_modules/.installed

# npm ci only when node_modules is missing or the lock file changed since the last install.
ui/node_modules/.installed: ui/package-lock.json ui/package.json
	cd ui && $(NPM_CI)
	@touch $@

tests/e2e/node_modules/.installed: tests/e2e/package-lock.json tests/e2e/package.json
	cd tests/e2e && $(NPM_CI)
	@touch $@

tauri-driver:
	@command -v tauri-driver >/dev/null || cargo install tauri-driver --locked --version '^2'

# ---------------------------------------------------------------------------------------------
# Build and run

# The debug app with the UI embedded. `tauri build` runs the UI build (beforeBuildCommand) first.
# It must run from the workspace root, where it finds src-tauri/tauri.conf.json.
build: deps
	@$(STAGE) "build debug app" $(TAURI) build --debug --no-bundle --ci

# Development: Vite with hot reload inside the app window.
dev: deps
	$(TAURI) dev

run: build
	@if [ -n "$${DISPLAY:-}$${WAYLAND_DISPLAY:-}" ]; then \
	  $(APP); \
	else \
	  echo "No display: running under Xvfb (the window is not visible)."; \
	  xvfb-run -a -s "-screen 0 1280x800x24" $(APP); \
	fi

# ---------------------------------------------------------------------------------------------
# Checks

test: deps fmt clippy cargo-test typecheck lint vitest e2e install-test
	@echo; echo "All checks passed."

fmt:
	@$(STAGE) "cargo fmt --check" cargo fmt --all --check

clippy:
	@$(STAGE) "cargo clippy" cargo clippy --workspace --all-targets -- -D warnings

# Includes `bindings_are_up_to_date`, which fails when ui/src/bindings.ts is stale, and the tests
# of lens/tests/review/docs.rs and json_schema.rs, which fail when the generated docs are stale.
cargo-test:
	@$(STAGE) "cargo test" cargo test --workspace --no-fail-fast

typecheck: node-deps
	@$(STAGE) "tsc --noEmit" npm --prefix ui run --silent typecheck

lint: node-deps
	@$(STAGE) "eslint" npm --prefix ui run --silent lint

vitest: node-deps
	@$(STAGE) "vitest" npm --prefix ui run --silent test

# The lens CLI too: the sharing tests merge reviews with it.
e2e: build
	@$(STAGE) "build lens CLI" cargo build -p lens --bin lens
	@$(STAGE) "e2e (tauri-driver, Xvfb)" tests/e2e/run.sh

# ---------------------------------------------------------------------------------------------
# Package (release profile)

TARGET_DIR := $(abspath $(or $(CARGO_TARGET_DIR),$(ROOT)/target))
DEB_DIR := $(TARGET_DIR)/release/bundle/deb

# The .deb, built offline by Tauri's bundler (src-tauri/tauri.conf.json, src-tauri/linux/). The
# lens CLI is in the app's binary: /usr/bin/lens is a script that runs `lensboard --lens-cli`.
# The bundler compresses with gzip; the package is rebuilt with xz, as Debian's own packages are
# (a quarter smaller: BENCHMARKS.md, "Package"), with the same files, modes and control data.
package: deps
	@rm -f $(DEB_DIR)/*.deb
	@$(STAGE) "build app and .deb (release)" $(TAURI) build --bundles deb --ci
	@deb=$$(ls $(DEB_DIR)/*.deb); tmp=$$(mktemp -d); \
	  dpkg-deb -R "$$deb" "$$tmp/root" \
	  && dpkg-deb --root-owner-group -Zxz -z9 --build "$$tmp/root" "$$deb" >/dev/null; \
	  rc=$$?; rm -rf "$$tmp"; exit $$rc
	@ls -l $(DEB_DIR)/*.deb

install-test: package
	@$(STAGE) "install test (.deb contents, unpacked app)" tests/install/run.sh

bench-package: package
	tests/install/measure.sh

# ---------------------------------------------------------------------------------------------
# Generated files (committed)

bindings:
	UPDATE_BINDINGS=1 cargo test -p lensboard bindings_are_up_to_date

# docs/CATALOG.md below its introduction, and lens/schema/architecture.schema.json, are generated
# from the catalog (and the model types); `cargo test` fails when either is stale.
docs:
	UPDATE_DOCS=1 cargo test -p lens --test review docs::
	UPDATE_SCHEMA=1 cargo test -p lens --test json schema::

icons: node-deps
	mkdir -p target
	rsvg-convert -w 1024 -h 1024 icons/icon.svg -o target/icon-1024.png
	$(TAURI) icon target/icon-1024.png -o icons/
	rm -rf icons/android icons/ios
	for size in 16 24 48 256; do rsvg-convert -w $$size -h $$size icons/icon.svg -o icons/$${size}x$${size}.png; done

screenshot: build
	tests/e2e/run.sh --screenshot docs/screenshot.png

# The canvas benchmark in the real window (tests/e2e/perf.js; numbers in BENCHMARKS.md).
bench-app: build
	tests/e2e/run.sh --perf

# Whole-process `lens check` at scale (tests/scale; numbers in BENCHMARKS.md, "Scale").
bench-scale:
	cargo build --release -p lens --bin lens
	tests/scale/run.sh

# The long, coverage-guided fuzz run (lens/fuzz, tests/fuzz/run.sh); `make test` runs the short
# one (seeds, recorded crashes and mutated seeds, in `cargo test`). The driver is built with
# rustc's SanitizerCoverage (stable flags) and linked with the runtime of Debian's AFL++, for the
# x86_64 target alone so that build scripts and proc macros stay uninstrumented.
FUZZ_SECONDS ?= 600
FUZZ_TARGET_DIR := $(ROOT)/target/fuzz
FUZZ_TRIPLE := x86_64-unknown-linux-gnu
FUZZ_RUSTFLAGS := --cfg lens_afl -C passes=sancov-module \
  -C llvm-args=-sanitizer-coverage-level=3 -C llvm-args=-sanitizer-coverage-trace-pc-guard \
  -C llvm-args=-sanitizer-coverage-prune-blocks=0 -C link-arg=/usr/lib/afl/afl-compiler-rt.o

fuzz:
	@dpkg -s afl++ >/dev/null 2>&1 || { apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends afl++; }
	RUSTFLAGS="$(FUZZ_RUSTFLAGS)" cargo build -p lens-fuzz --bin lens-fuzz --profile fuzz \
	  --target $(FUZZ_TRIPLE) --target-dir $(FUZZ_TARGET_DIR)
	FUZZ_SECONDS=$(FUZZ_SECONDS) tests/fuzz/run.sh $(FUZZ_TARGET_DIR)/$(FUZZ_TRIPLE)/fuzz/lens-fuzz
