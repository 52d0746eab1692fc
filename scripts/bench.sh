#!/usr/bin/env bash
# Seeds 10,000 clients and reports client-search latency (p50/p99) over HTTP, and the
# release WASM size (raw and brotli), and what a 12-megapixel phone photo costs on arrival.
# Then the load benchmark: 10,000 and 100,000 clients, 20 requests at once (wrk), with the
# static-file ceiling and the bare SQLite query beside them, and every issue-12 target.
# Builds the release app first (split by groups of pages), and reports what each page costs in WebAssembly.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-tools.sh --bench
export PATH="$PWD/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# Leptos reads the module's name when it is compiled: the benchmarks' own build of the server
# must name the module as the site build names it, or the pages they serve never hydrate.
export LEPTOS_OUTPUT_NAME=zorgvuldig
scripts/build-site.sh
node tools/wasm-sizes.mjs target/site/pkg
cargo bench -p server --bench search
cargo bench -p server --bench photo
cargo bench -p server --bench load
