#!/bin/sh
# Measures lossy WebP decoding against Pillow 9.4 / libwebp 1.2.4 (the figures in README's
# "Image preprocessing" section). Needs /usr/bin/python3 with PIL and a built duet-core.
set -e
cd "$(dirname "$0")/../.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
/usr/bin/python3 tools/preprocessing/webp_lossy_gap.py "$out" "${DUET_SHARED:-../shared}"
mvn -o -q -B dependency:build-classpath -pl duet-core -Dmdep.outputFile="$out/cp.txt" >/dev/null
java -cp "duet-core/target/classes:$(cat "$out/cp.txt")" tools/preprocessing/WebpLossyGap.java "$out"
