#!/usr/bin/env bash
# Builds the release app and serves it on http://127.0.0.1:3000, with its SQLite database
# under ./data (created and migrated on start).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-tools.sh
export PATH="$PWD/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
scripts/build-site.sh
# What `cargo leptos serve` would set, so the server finds its files and address.
export LEPTOS_OUTPUT_NAME=zorgvuldig LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_PKG_DIR=pkg
export LEPTOS_SITE_ADDR="${LEPTOS_SITE_ADDR:-127.0.0.1:3000}" LEPTOS_ENV=PROD
exec target/release/zorgvuldig
