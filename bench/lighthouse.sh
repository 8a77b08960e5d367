#!/usr/bin/env bash
# Lighthouse 13 (mobile) on pages of the bundled site, built and served from a temporary folder
# with Debian's Chromium: one line of scores per page. A measurement, not a test (scores move
# with the machine's load). Needs npm (the first run installs Lighthouse and Node.js 22 into
# bench/lighthouse/node_modules) and Chromium (CHROME_PATH, default /usr/bin/chromium).
#
# Usage: bench/lighthouse.sh [PAGE…]   (default: the home page, the pair comparison, the guide)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
if [ ! -x "$here/lighthouse/node_modules/.bin/node" ]; then
  (cd "$here/lighthouse" && npm install --no-audit --no-fund --silent)
fi
node="$here/lighthouse/node_modules/.bin/node"
lighthouse="$here/lighthouse/node_modules/lighthouse/cli/index.js"
site="$(mktemp -d)"
trap 'kill "${server:-0}" 2>/dev/null || true; rm -rf "$site"' EXIT
cargo run --quiet --release --manifest-path "$root/Cargo.toml" -- build --root "$root" --out "$site/site" >/dev/null
port=8765
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$site/site" >/dev/null 2>&1 &
server=$!
sleep 1
pages=("$@")
[ ${#pages[@]} -gt 0 ] || pages=("" "compare/django-vs-nodejs/" "decide/")
for page in "${pages[@]}"; do
  "$node" "$lighthouse" "http://127.0.0.1:$port/$page" --quiet --form-factor=mobile \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu" \
    --output=json --output-path="$site/report.json"
  python3 - "$site/report.json" "/$page" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
scores = " ".join(f"{k} {round(v['score'] * 100)}" for k, v in report["categories"].items())
audits = report["audits"]
metrics = " ".join(f"{k} {audits[k]['displayValue']}" for k in ["largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift"])
print(f"{sys.argv[2]}: {scores} ({metrics})")
PY
done
