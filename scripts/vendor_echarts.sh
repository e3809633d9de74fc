#!/usr/bin/env bash
# Vendor Apache ECharts into the web app's static folder (src/budgetlens/web/static/), so that every
# page works with no network and no CDN: `npm pack` fetches the pinned release from the npm
# registry, its integrity is checked against the registry's, and dist/echarts.min.js, LICENSE and
# NOTICE are copied. The copied files are committed; rerun this only to change ECHARTS_VERSION.
#   bash scripts/vendor_echarts.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ECHARTS_VERSION=6.1.0
DEST=src/budgetlens/web/static
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
( cd "$WORK" && npm pack --silent "echarts@${ECHARTS_VERSION}" >/dev/null )
TARBALL="$WORK/echarts-${ECHARTS_VERSION}.tgz"
WANT=$(npm view "echarts@${ECHARTS_VERSION}" dist.integrity)
GOT="sha512-$(openssl dgst -sha512 -binary "$TARBALL" | base64 -w0)"
if [ "$WANT" != "$GOT" ]; then
  echo "vendor_echarts: integrity mismatch for echarts@${ECHARTS_VERSION}: $GOT != $WANT" >&2
  exit 1
fi
tar -xzf "$TARBALL" -C "$WORK"
mkdir -p "$DEST"
cp "$WORK/package/dist/echarts.min.js" "$DEST/echarts.min.js"
cp "$WORK/package/LICENSE" "$DEST/echarts.LICENSE"
if [ -f "$WORK/package/NOTICE" ]; then cp "$WORK/package/NOTICE" "$DEST/echarts.NOTICE"; fi
echo "$ECHARTS_VERSION" > "$DEST/echarts.VERSION"
echo "vendor_echarts: echarts@${ECHARTS_VERSION} → $DEST ($(wc -c < "$DEST/echarts.min.js") bytes)"
