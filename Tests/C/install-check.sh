#!/usr/bin/env bash
# Builds the C checks against an installed copy of the library, found through
# pkg-config alone (PKG_CONFIG_PATH is set by make), linked shared and
# static, and runs them and the installed tool, all with the Swift toolchain
# hidden (without-toolchain.sh; CC must not live in the toolchain). Where no
# mount namespace can be made, each step still runs, and a SKIP line says
# that the toolchain was not hidden.
#   Tests/C/install-check.sh CC OUTDIR
set -u
cc=$1
out=$2
here=$(cd "$(dirname "$0")" && pwd)
prefix=$(pkg-config --variable=prefix ndischimney)
# shellcheck source=Tests/C/tally.sh
. "$here/tally.sh"

# hidden LABEL COMMAND...: runs COMMAND with the toolchain hidden, or, where
# that cannot be done, as it is, with a SKIP line for LABEL; `as_run` then
# says so for the ok or FAIL line.
hidden() {
  local label=$1 status; shift
  as_run=""
  "$here/without-toolchain.sh" "$@" >"$log" 2>&1
  status=$?
  if [ "$status" -eq 77 ]; then
    skip "$label: toolchain not hidden ($(tail -1 "$log")); done with the toolchain visible"
    as_run=" (NOT hidden: the toolchain was visible)"
    "$@" >"$log" 2>&1
    status=$?
  fi
  return "$status"
}

# run LABEL COMMAND...: COMMAND must succeed with the toolchain hidden.
run() {
  local label=$1; shift
  if hidden "$label" "$@"; then pass "$label$as_run"; else fail "$label$as_run"; fi
}

# build LABEL OUTPUT SOURCE FLAGS...: compiles and links with the installed
# files only, the toolchain hidden; the compiler and linker must print
# nothing (no warning either).
build() {
  local label=$1 output=$2 source=$3; shift 3
  # shellcheck disable=SC2068
  if hidden "$label" "$cc" -std=c11 -Wall -Wextra -Werror -o "$output" "$source" $@ && [ ! -s "$log" ]; then
    pass "$label: built without the toolchain, and without a warning$as_run"
    return 0
  fi
  fail "$label: built without the toolchain, and without a warning$as_run"
  return 1
}

# at_most LABEL FILE BYTES: FILE, stripped, is at most BYTES long.
at_most() {
  local stripped size
  stripped=$(mktemp)
  strip -o "$stripped" "$2"
  size=$(stat -c %s "$stripped")
  rm -f "$stripped"
  echo "$size bytes stripped" >"$log"
  if [ "$size" -le "$3" ]; then pass "$1 ($size bytes)"; else fail "$1 ($size bytes)"; fi
}

# not_needed LABEL BINARY PATTERN: no NEEDED entry of BINARY matches PATTERN
# (an empty PATTERN: BINARY needs no shared library at all).
not_needed() {
  readelf -d "$2" >"$log" 2>&1
  if grep -q "NEEDED.*$3" "$log"; then fail "$1"; else pass "$1"; fi
}

# Only check.h and the offload checks' drivers come from the source tree;
# the library's headers come from the install.
cp "$here/check.h" "$here/offload_drivers.h" "$out/"
shared=$(pkg-config --cflags --libs ndischimney)
static=$(pkg-config --static --cflags --libs ndischimney)
# The .pc file carries no rpath: a program finds a library installed outside
# the system's folders through LD_LIBRARY_PATH (or an rpath of its own).
libdir=$(pkg-config --variable=libdir ndischimney)
echo "$shared $static" >"$log"
if grep -q rpath "$log"; then fail "ndischimney.pc adds no rpath"; else pass "ndischimney.pc adds no rpath"; fi
for check in layout_check driver_check hostile_check memory_check teardown_check offload_check offload_race_check mux_check; do
  cp "$here/$check.c" "$out/installed_$check.c"
  if build "$check (shared)" "$out/installed_$check" "$out/installed_$check.c" "$shared"; then
    run "$check, linked shared, without the toolchain" env LD_LIBRARY_PATH="$libdir" "$out/installed_$check"
  fi
done

# The hostile rounds under valgrind too: no read of freed or forged memory.
for check in teardown_check offload_check; do
  if command -v valgrind >/dev/null; then
    run "$check, linked shared, under valgrind, without the toolchain" \
      env LD_LIBRARY_PATH="$libdir" valgrind -q --error-exitcode=99 "$out/installed_$check"
  else
    skip "$check under valgrind: valgrind is not installed"
  fi
done

# Its own pthread_mutex_lock and condition waits in front of libc's: what a
# sleeping close costs other threads (locks, wake-ups).
cp "$here/wake_check.c" "$out/installed_wake_check.c"
if build "wake_check" "$out/installed_wake_check" "$out/installed_wake_check.c" "$shared" -ldl; then
  run "wake_check: closed bindings take no lock, a return wakes only its closes" \
    env LD_LIBRARY_PATH="$libdir" "$out/installed_wake_check"
fi

# Loaded and unloaded with dlopen a thousand times: nothing left behind.
cp "$here/unload_check.c" "$out/installed_unload_check.c"
if build "unload_check" "$out/installed_unload_check" "$out/installed_unload_check.c" \
    "$(pkg-config --cflags ndischimney)" -ldl; then
  run "unload_check: dlopen and dlclose leave nothing behind" "$out/installed_unload_check" "$libdir/libndischimney.so"
fi

# Two private copies of the archive in one program, the second renamed.
copies=$out/two-copies
rm -rf "$copies"
mkdir -p "$copies"
(cd "$copies" && ar x "$libdir/libndischimney.a")
renames=$(nm --defined-only --extern-only "$copies/ndischimney.o" |
  awk '$3 ~ /^Ndis/ {printf "--redefine-sym %s=Copy%s ", $3, $3}')
# shellcheck disable=SC2086 # one option per word
objcopy $renames "$copies/ndischimney.o" "$copies/copy.o"
cp "$here/two_copies_check.c" "$here/check.h" "$copies/"
if build "two_copies_check (the archive twice)" "$copies/two_copies_check" "$copies/two_copies_check.c" \
    "$(pkg-config --cflags ndischimney)" "$copies/ndischimney.o" "$copies/copy.o" \
    "$(pkg-config --static --libs-only-l ndischimney | sed 's/-lndischimney//')"; then
  run "two copies of the archive in one program refuse each other's handles" "$copies/two_copies_check"
fi

# -static: libndischimney.a and Libs.private, nothing loaded at run time.
if build "driver_check (static)" "$out/installed_driver_check_static" "$out/installed_driver_check.c" \
    -static "$static"; then
  not_needed "driver_check, linked static: no shared library needed" "$out/installed_driver_check_static" ""
  at_most "driver_check, linked static, is at most 1 MiB stripped" "$out/installed_driver_check_static" $((1 << 20))
  run "driver_check, linked static, without the toolchain" "$out/installed_driver_check_static"
fi

# Only this library static, libc shared, as the README shows.
if build "driver_check (-Bstatic)" "$out/installed_driver_check_bstatic" "$out/installed_driver_check.c" \
    "$(pkg-config --cflags ndischimney)" "-L$libdir" -Wl,-Bstatic -lndischimney -Wl,-Bdynamic; then
  not_needed "driver_check, only libndischimney static: libndischimney.so not needed" \
    "$out/installed_driver_check_bstatic" libndischimney
  run "driver_check, only libndischimney static, without the toolchain" "$out/installed_driver_check_bstatic"
fi

# shellcheck disable=SC2016 # $1 is the inner shell's argument
run "installed ndis-chimney without the toolchain" \
  sh -c '"$1/bin/ndis-chimney" layout --abi x64 --json | grep -q NDIS_CLIENT_CHIMNEY' sh "$prefix"

summary install-check
