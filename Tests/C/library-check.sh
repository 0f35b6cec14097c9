#!/usr/bin/env bash
# Checks the installed libraries as a packager would: the shared library's
# SONAME, links and dynamic section (no Swift runtime needed, no RUNPATH), and
# that it and the static archive define only the API's Ndis* functions, the
# shared ones under the version node.
#
#   Tests/C/library-check.sh LIBDIR VERSION SOVERSION
set -u
libdir=$1
version=$2
soversion=$3
real=$libdir/libndischimney.so.$version
# shellcheck source=Tests/C/tally.sh
. "$(dirname "$0")/tally.sh"

check() { # LABEL COMMAND...: passes when COMMAND succeeds
  local label=$1; shift
  if "$@" >"$log" 2>&1; then pass "$label"; else fail "$label"; fi
}
has() { grep -q -- "$1" <<<"$2"; }
lacks() { ! grep -q -- "$1" <<<"$2"; }
all_match() { # PATTERN TEXT: TEXT is not empty and every line matches PATTERN
  [ -n "$2" ] && ! grep -qv -- "$1" <<<"$2"
}

dynamic=$(readelf -d "$real")
exported=$(nm -D --defined-only "$real" | awk '{print $3}')
archived=$(nm --defined-only --extern-only "$libdir/libndischimney.a" | awk 'NF == 3 {print $3}')

check "real file libndischimney.so.$version is a regular file" test -f "$real" -a ! -L "$real"
check "libndischimney.so.$soversion -> libndischimney.so.$version" \
  test "$(readlink "$libdir/libndischimney.so.$soversion")" = "libndischimney.so.$version"
check "libndischimney.so -> libndischimney.so.$soversion" \
  test "$(readlink "$libdir/libndischimney.so")" = "libndischimney.so.$soversion"
check "SONAME is libndischimney.so.$soversion" has "Library soname: \[libndischimney.so.$soversion\]" "$dynamic"
check "no libswift* in NEEDED" lacks "NEEDED.*libswift" "$dynamic"
check "NEEDED is only libc, libm, libstdc++, libgcc_s and the loader" all_match \
  '\[\(libc\.so\.6\|libm\.so\.6\|libstdc++\.so\.6\|libgcc_s\.so\.1\|ld-linux[-a-z0-9_.]*\)\]$' \
  "$(grep NEEDED <<<"$dynamic")"
check "no RUNPATH or RPATH" lacks "(RUNPATH)\|(RPATH)" "$dynamic"
check "exports only Ndis* functions, each @@NDISCHIMNEY_$soversion" \
  all_match "^Ndis[A-Za-z0-9_]*@@NDISCHIMNEY_$soversion\$" "$exported"
check "libndischimney.a defines only Ndis* globally" all_match '^Ndis[A-Za-z0-9_]*$' "$archived"
check "both libraries define the same functions" \
  test "$(sed 's/@.*//' <<<"$exported" | sort)" = "$(sort <<<"$archived")"

summary library-check
