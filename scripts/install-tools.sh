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

# 0.3.11 needs a newer rustc than ours; 0.3.10 builds with Rust 1.95. The install takes a while.
if ! cargo leptos --version 2>/dev/null | grep -q '0\.3\.10'; then
  say "Installing cargo-leptos 0.3.10 (10-25 minutes on 2 cores)"
  cargo install --locked cargo-leptos --version 0.3.10
fi

# Must equal the wasm-bindgen crate version pinned in Cargo.toml. No --locked: its lockfile
# names a crate version the registry no longer serves.
if ! wasm-bindgen --version 2>/dev/null | grep -q '0\.2\.130'; then
  say "Installing wasm-bindgen-cli 0.2.130"
  CARGO_RESOLVER_INCOMPATIBLE_RUST_VERSIONS=fallback cargo install wasm-bindgen-cli --version 0.2.130
fi

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
