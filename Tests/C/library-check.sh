#!/usr/bin/env bash
# Checks the installed libraries as a packager would: the shared library's
# SONAME, links and dynamic section (libc only: no Swift runtime, no C++
# runtime, no RUNPATH), their weight, and that it and the static archive
# define only the API's Ndis* functions, the shared ones under the version
# node.
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
check "NEEDED is only libc" all_match '\[libc\.so\.6\]$' "$(grep NEEDED <<<"$dynamic")"
check "no Swift runtime symbol in the dynamic table" lacks 'swift' "$(nm -D "$real")"
stripped=$(mktemp)
strip -o "$stripped" "$real"
check "libndischimney.so.$version stripped is at most 256 KiB ($(stat -c %s "$stripped") bytes)" \
  test "$(stat -c %s "$stripped")" -le $((256 << 10))
rm -f "$stripped"
check "libndischimney.a is at most 1 MiB ($(stat -c %s "$libdir/libndischimney.a") bytes)" \
  test "$(stat -c %s "$libdir/libndischimney.a")" -le $((1 << 20))
check "libndischimney.a leaves only libc undefined" lacks 'swift\|_Z\|cxa' \
  "$(nm --undefined-only "$libdir/libndischimney.a")"
# Docs/C-API.md: 168 bytes of initial-exec TLS per copy, the only TLS.
tls=$(readelf -lW "$real" | awk '$1 == "TLS" {print $6}')
check "thread-local storage is 168 bytes ($tls)" test "$((tls))" -eq 168
check "thread-local storage is initial-exec (STATIC_TLS)" has "STATIC_TLS" "$dynamic"
check "no RUNPATH or RPATH" lacks "(RUNPATH)\|(RPATH)" "$dynamic"
check "exports only Ndis* functions, each @@NDISCHIMNEY_$soversion" \
  all_match "^Ndis[A-Za-z0-9_]*@@NDISCHIMNEY_$soversion\$" "$exported"
check "libndischimney.a defines only Ndis* globally" all_match '^Ndis[A-Za-z0-9_]*$' "$archived"
check "both libraries define the same functions" \
  test "$(sed 's/@.*//' <<<"$exported" | sort)" = "$(sort <<<"$archived")"

summary library-check
