#!/usr/bin/env bash
# Builds and runs the C checks against an installed copy of the library,
# found through pkg-config alone (PKG_CONFIG_PATH is set by make).
#   Tests/C/install-check.sh CC OUTDIR
set -eu
cc=$1
out=$2
here=$(cd "$(dirname "$0")" && pwd)
flags=$(pkg-config --cflags --libs ndischimney)
# Only check.h comes from the source tree; the headers come from the install.
cp "$here/check.h" "$out/check.h"
for check in layout_check driver_check hostile_check; do
  cp "$here/$check.c" "$out/installed_$check.c"
  # shellcheck disable=SC2086
  "$cc" -std=c11 -Wall -Wextra -Werror -o "$out/installed_$check" "$out/installed_$check.c" $flags
  "$out/installed_$check"
done
# The installed tool runs too.
"$(pkg-config --variable=prefix ndischimney)/bin/ndis-chimney" layout --abi x64 --json >/dev/null
echo "installed ndis-chimney: 1 passed, 0 failed"
