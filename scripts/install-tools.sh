#!/usr/bin/env bash
# Installs what building needs (and, with --tests, what testing needs), each only when missing.
# Everything comes from crates.io, npm and Debian: nothing is downloaded from anywhere else.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

with_tests=false
with_bench=false
[ "${1:-}" = "--tests" ] && with_tests=true
[ "${1:-}" = "--bench" ] && with_bench=true
say() { printf '==> %s\n' "$*"; }

# Installs the named Debian packages (as root, or through sudo); nothing when none are named.
debian_install() {
  [ $# -gt 0 ] || return 0
  say "Installing from Debian: $*"
  local sudo_if_needed=""
  [ "$(id -u)" -ne 0 ] && sudo_if_needed="sudo"
  $sudo_if_needed apt-get update
  $sudo_if_needed apt-get install -y "$@"
}

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "Adding the wasm32 target"
  rustup target add wasm32-unknown-unknown
fi

# The site builder (tools/site-build): what `cargo leptos build --release --split` does, built
# from about 60 crates in 3 minutes instead of cargo-leptos's 670 in 25. Cargo does nothing when
# it is up to date.
say "Building the site builder (tools/site-build)"
cargo build --release --locked --quiet --manifest-path tools/site-build/Cargo.toml --target-dir target/tools

# Debian's binaryen 108 breaks hydration; npm's binaryen 132 works. Project-local.
if [ ! -x tools/node_modules/.bin/wasm-opt ]; then
  say "Installing wasm-opt (binaryen 132) from npm"
  (cd tools && npm ci --no-audit --no-fund)
fi

if $with_tests; then
  missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  # pdftotext reads the consent copies back in the browser tests.
  command -v pdftotext >/dev/null || missing+=(poppler-utils)
  debian_install "${missing[@]}"
  if [ ! -d end2end/node_modules/@playwright/test ]; then
    say "Installing Playwright (it uses Debian's Chromium; no browser download)"
    (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
  fi
fi

# The load benchmark's load generator (wrk), and Lighthouse for the first load under a phone's
# throttling; Lighthouse drives Debian's Chromium.
if $with_bench; then
  missing=()
  command -v wrk >/dev/null || missing+=(wrk)
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  debian_install "${missing[@]}"
  if [ ! -d tools/bench/node_modules/lighthouse ]; then
    say "Installing Lighthouse from npm"
    (cd tools/bench && npm ci --no-audit --no-fund)
  fi
fi
