#!/usr/bin/env bash
# The islands build under way (app's `islands` feature; see the README): builds it, browser and
# server, reports what each page costs in WebAssembly, and runs the browser tests that pass
# against it so far, on the phone. Not part of the test command: some of its signed-in pages
# cannot be taken over yet. It leaves the islands build in target/site and target/release;
# `scripts/build-site.sh` builds the usual one again.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-tools.sh --tests
export PATH="$PWD/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
scripts/build-site.sh --islands
node tools/wasm-sizes.mjs target/site/pkg
cd end2end
ZORGVULDIG_SERVER=target/release/zorgvuldig npx playwright test \
  tests/first-run.spec.ts tests/foundation.spec.ts tests/languages.spec.ts --project=phone \
  -g 'first run|a wrong password is refused|a sign-in sent before the page is live|gets an English sign-in page|intake refuses a BSN|found by a partial name|a name typed before the page is live stays'
