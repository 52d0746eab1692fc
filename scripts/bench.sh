#!/usr/bin/env bash
# Seeds 10,000 clients and reports client-search latency (p50/p99) over HTTP, and the
# release WASM size (raw and brotli). Builds the release app first.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-tools.sh
export PATH="$PWD/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
cargo leptos build --release
cargo bench -p server --bench search
