#!/usr/bin/env bash
# Makes docs/datasette-search.png: datasette's search page of `articles` for "Festnahme" on the seed, taken
# with headless Chromium. Needs `pip install -e '.[datasette]'` and Chromium (Debian: apt-get install chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
newsdb --url "sqlite:///$work/newsdb.sqlite3" seed seeds --quiet
datasette "$work/newsdb.sqlite3" --port 8765 --setting truncate_cells_html 160 >"$work/datasette.log" 2>&1 &
server=$!
for _ in $(seq 50); do curl -fs http://127.0.0.1:8765/ >/dev/null && break; sleep 0.2; done
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$(mktemp -d)" --hide-scrollbars \
    --window-size=1280,680 --screenshot=docs/datasette-search.png \
    "http://127.0.0.1:8765/newsdb/articles?_search=Festnahme&_col=external_id&_col=published_on&_col=date_precision&_col=lede"
