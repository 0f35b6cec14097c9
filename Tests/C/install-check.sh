#!/usr/bin/env bash
# Builds the C checks against an installed copy of the library, found through
# pkg-config alone (PKG_CONFIG_PATH is set by make), linked shared and fully
# static, and runs them and the installed tool with the Swift toolchain
# hidden (without-toolchain.sh). Where no mount namespace can be made, each
# program still runs, and a SKIP line says that the toolchain was not hidden.
#   Tests/C/install-check.sh CC OUTDIR
set -u
cc=$1
out=$2
here=$(cd "$(dirname "$0")" && pwd)
prefix=$(pkg-config --variable=prefix ndischimney)
# shellcheck source=tally.sh
. "$here/tally.sh"

# run LABEL COMMAND...: COMMAND must succeed with the toolchain hidden.
run() {
  local label=$1 status; shift
  "$here/without-toolchain.sh" "$@" >"$log" 2>&1
  status=$?
  if [ "$status" -eq 77 ]; then
    skip "$label: toolchain not hidden ($(tail -1 "$log")); running it with the toolchain visible"
    "$@" >"$log" 2>&1
    status=$?
  fi
  if [ "$status" -eq 0 ]; then pass "$label"; else fail "$label"; fi
}

# build LABEL OUTPUT SOURCE FLAGS...: compile and link with the installed files only.
build() {
  local label=$1 output=$2 source=$3; shift 3
  # shellcheck disable=SC2068
  if "$cc" -std=c11 -Wall -Wextra -Werror -o "$output" "$source" $@ >"$log" 2>&1; then
    return 0
  fi
  fail "$label: build"
  return 1
}

# not_needed LABEL BINARY PATTERN: no NEEDED entry of BINARY matches PATTERN
# (an empty PATTERN: BINARY needs no shared library at all).
not_needed() {
  readelf -d "$2" >"$log" 2>&1
  if grep -q "NEEDED.*$3" "$log"; then fail "$1"; else pass "$1"; fi
}

# Only check.h comes from the source tree; the headers come from the install.
cp "$here/check.h" "$out/check.h"
shared=$(pkg-config --cflags --libs ndischimney)
static=$(pkg-config --static --cflags --libs ndischimney)
for check in layout_check driver_check; do
  cp "$here/$check.c" "$out/installed_$check.c"
  if build "$check (shared)" "$out/installed_$check" "$out/installed_$check.c" "$shared"; then
    run "$check, linked shared, without the toolchain" "$out/installed_$check"
  fi
done

# -static: libndischimney.a and Libs.private, nothing loaded at run time.
if build "driver_check (static)" "$out/installed_driver_check_static" "$out/installed_driver_check.c" \
    -static "$static"; then
  not_needed "driver_check, linked static: no shared library needed" "$out/installed_driver_check_static" ""
  run "driver_check, linked static, without the toolchain" "$out/installed_driver_check_static"
fi

# Only this library static, libc and libstdc++ shared, as the README shows.
if build "driver_check (-Bstatic)" "$out/installed_driver_check_bstatic" "$out/installed_driver_check.c" \
    "$(pkg-config --cflags ndischimney)" "-L$(pkg-config --variable=libdir ndischimney)" \
    -Wl,-Bstatic -lndischimney -Wl,-Bdynamic -lstdc++ -lm; then
  not_needed "driver_check, only libndischimney static: libndischimney.so not needed" \
    "$out/installed_driver_check_bstatic" libndischimney
  run "driver_check, only libndischimney static, without the toolchain" "$out/installed_driver_check_bstatic"
fi

run "installed ndis-chimney without the toolchain" \
  sh -c '"$1/bin/ndis-chimney" layout --abi x64 --json | grep -q NDIS_CLIENT_CHIMNEY' sh "$prefix"

summary install-check
