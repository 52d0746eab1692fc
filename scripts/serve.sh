#!/usr/bin/env bash
# Builds the release app and serves it on http://127.0.0.1:3000, with its SQLite database
# under ./data (created and migrated on start).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-tools.sh
export PATH="$PWD/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
exec cargo leptos serve --release
