#!/usr/bin/env bash
# Links the two libraries C users install, from the objects of the library
# compiled as Embedded Swift (the Makefile's `library` target): the module
# itself, with the few parts of the standard library it uses compiled in,
# and the platform shim. No Swift runtime library exists in this build, so
# both libraries need only libc.
#
#   libndischimney.so.VERSION  SONAME libndischimney.so.SOVERSION; NEEDED only
#                              libc; no RUNPATH; only the Ndis* API exported,
#                              under the version node of ndischimney.map
#   libndischimney.a           one relocatable object holding what the Ndis*
#                              functions reach and nothing else, every symbol
#                              but Ndis* made local, so that it links with no
#                              toolchain and cannot clash with anything in
#                              the program (another copy of this library
#                              included)
#
# plus the links libndischimney.so.SOVERSION and libndischimney.so.
#
# Both drop every section the Ndis* functions do not reach (--gc-sections:
# the objects are compiled with one section per function): the Swift API's
# String handling, for one, would otherwise bring references to the Unicode
# tables of a standard library that is not there.
#
#   Linker/link-library.sh CLANG OUTDIR VERSION SOVERSION OBJECT...
set -euo pipefail
clang=$1
out=$2
version=$3
soversion=$4
shift 4
here=$(cd "$(dirname "$0")" && pwd)
lld=$(dirname "$clang")/ld.lld
real=libndischimney.so.$version
mkdir -p "$out"

"$clang" -fuse-ld=lld -shared -o "$out/$real" "$@" \
  -Wl,-soname,libndischimney.so."$soversion" \
  -Wl,--version-script="$here/ndischimney.map" \
  -Wl,--gc-sections -Wl,--no-undefined
ln -sf "$real" "$out/libndischimney.so.$soversion"
ln -sf "libndischimney.so.$soversion" "$out/libndischimney.so"

# The archive: what the API's functions reach, in one object (-r), as roots
# of the section garbage collection; then only they stay global.
roots=()
for symbol in $(nm --defined-only --extern-only "$@" | awk '$2 == "T" && $3 ~ /^Ndis/ {print $3}' | sort -u); do
  roots+=(-u "$symbol")
done
"$lld" -r --gc-sections "${roots[@]}" -o "$out/ndischimney-prelinked.o" "$@"
objcopy --wildcard --keep-global-symbol='Ndis*' "$out/ndischimney-prelinked.o" "$out/ndischimney.o"
rm -f "$out/libndischimney.a" "$out/ndischimney-prelinked.o"
ar rcs "$out/libndischimney.a" "$out/ndischimney.o"
rm -f "$out/ndischimney.o"
