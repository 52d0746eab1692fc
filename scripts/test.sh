#!/usr/bin/env bash
# Installs whatever is missing, then runs every test: formatting and lints, unit and
# integration tests, the release build (with wasm-opt, as users get it) and the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-tools.sh --tests
export PATH="$PWD/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
step() { printf '\n==> %s\n' "$*"; }

step "Formatting"
cargo fmt --all --check

step "Lints (server and browser builds)"
cargo clippy --workspace --exclude frontend --all-targets -- -D warnings
cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings

step "Unit and integration tests"
cargo test --workspace --exclude frontend
if [ "${ZORGVULDIG_FREE_DISK_AS_YOU_GO:-}" = 1 ]; then
  # Set by .ci/run: the release build and the browser tests need none of it.
  rm -rf target/debug
fi

step "Release build"
cargo leptos build --release --split
node tools/precompress.mjs target/site/pkg

step "Browser tests (phone and tablet)"
(cd end2end && npx playwright test)
