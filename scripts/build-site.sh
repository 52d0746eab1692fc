#!/usr/bin/env bash
# Builds the release site in target/site (server binary, WebAssembly split by groups of pages, styles and
# assets), then compresses the static files once at the strongest settings. The builder is
# tools/site-build, which scripts/install-tools.sh compiles. `--browser-only` leaves the server
# binary out (the test command brings its own).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
target/tools/release/site-build "$@"
node tools/precompress.mjs target/site/pkg
