#!/usr/bin/env bash
# Installs whatever is missing, then runs every test: formatting and lints, unit and
# integration tests, the release build of the browser code (with wasm-opt, as users get it) and
# the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
# How long each step took, printed at the end whether the run passed or not, so a slow run
# says where its time went.
timings=()
current="Installing what is missing"
started=$SECONDS
step() {
  timings+=("$(printf '%5ds  %s' $((SECONDS - started)) "$current")")
  current="$*"
  started=$SECONDS
  printf '\n==> %s\n' "$*"
}
report() {
  timings+=("$(printf '%5ds  %s' $((SECONDS - started)) "$current")")
  printf '\n==> Time per step (%ds in all)\n' "$SECONDS"
  printf '%s\n' "${timings[@]}"
}
trap report EXIT

scripts/install-tools.sh --tests
export PATH="$PWD/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"

step "Formatting"
cargo fmt --all --check

step "Lints (server and browser builds)"
cargo clippy --workspace --exclude frontend --all-targets -- -D warnings
cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings

step "Lints of the whole-page build, kept to compare with (see the README)"
cargo clippy -p frontend --target wasm32-unknown-unknown --no-default-features -- -D warnings
cargo clippy -p server --no-default-features -- -D warnings

step "Unit and integration tests"
cargo test --workspace --exclude frontend
# The browser tests run this build's server: the same code as the release binary, with its
# overflow checks on, and without compiling every dependency a second time.
mkdir -p target/e2e
ln -f target/debug/zorgvuldig target/e2e/zorgvuldig
if [ "${ZORGVULDIG_FREE_DISK_AS_YOU_GO:-}" = 1 ]; then
  # Set by .ci/run: nothing after this needs the rest of the debug build.
  rm -rf target/debug
fi

step "The site builder's own tests (its vendored split's chunk merging)"
cargo test --quiet --locked --manifest-path tools/site-build/Cargo.toml -p wasm_split_cli_support --target-dir target/tools

step "Release build of the browser code"
scripts/build-site.sh --browser-only

step "Browser tests (phone and tablet)"
(cd end2end && ZORGVULDIG_SERVER=target/e2e/zorgvuldig npx playwright test)
