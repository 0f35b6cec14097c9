#!/usr/bin/env bash
# Links the two libraries C users install from SwiftPM's archive of the
# library's own objects (product `ndischimney`, type .static):
#
#   libndischimney.so.VERSION  SONAME libndischimney.so.SOVERSION; the Swift
#                              runtime linked in (-static-stdlib), so it needs
#                              only libc, libm, libstdc++ and libgcc_s; no
#                              RUNPATH; only the Ndis* API exported, under the
#                              version node of ndischimney.map
#   libndischimney.a           one relocatable object holding the library and
#                              the parts of the Swift runtime it uses, every
#                              symbol but Ndis* made local, so that it links
#                              with no toolchain and cannot clash with another
#                              copy of the Swift runtime in the same program
#
# plus the links libndischimney.so.SOVERSION and libndischimney.so.
#
#   Linker/link-library.sh SWIFTPM_ARCHIVE OUTDIR VERSION SOVERSION
set -euo pipefail
archive=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
out=$2
version=$3
soversion=$4
here=$(cd "$(dirname "$0")" && pwd)
swiftc=$(command -v swiftc)
toolchain=$(dirname "$(dirname "$swiftc")")
runtime=$toolchain/lib/swift_static/linux
objects=$out/objects

real=libndischimney.so.$version

# Up to date: both libraries newer than what they are made from, and the
# SONAME the one asked for (make runs this for every target that needs it).
if [ "$out/$real" -nt "$archive" ] && [ "$out/libndischimney.a" -nt "$archive" ] &&
  [ "$out/$real" -nt "$here/ndischimney.map" ] && [ "$out/$real" -nt "$0" ] &&
  readelf -d "$out/$real" | grep -q "soname: \[libndischimney.so.$soversion\]"; then
  echo "link-library: $out/$real and libndischimney.a are up to date"
  exit 0
fi

rm -rf "$objects"
mkdir -p "$objects"
# The objects themselves, not the archive: -static-stdlib links with
# --exclude-libs ALL, which would hide every symbol that came from an archive.
(cd "$objects" && ar x "$archive")

# lld rather than gold: gold leaves GLOB_DAT relocations against local Swift
# type descriptors, which keeps them in the dynamic symbol table.
"$swiftc" -emit-library -static-stdlib -use-ld=lld -o "$out/$real" "$objects"/*.o \
  -Xlinker -soname=libndischimney.so."$soversion" \
  -Xlinker --version-script="$here/ndischimney.map" \
  -Xlinker --no-undefined
ln -sf "$real" "$out/libndischimney.so.$soversion"
ln -sf "libndischimney.so.$soversion" "$out/libndischimney.so"

# The Swift libraries the objects ask for (their autolink entries), linked in
# now; what remains undefined is libc, libm, libstdc++ and libgcc, which
# ndischimney.pc's Libs.private names.
swift_libraries=$(swift-autolink-extract "$objects"/*.o -o - | grep -- '-lswift' | sort -u)
# shellcheck disable=SC2086
"$toolchain/bin/ld.lld" -r -o "$objects/prelinked.o" "$objects"/*.o \
  "$runtime/$(uname -m)/swiftrt.o" -L"$runtime" \
  --start-group $swift_libraries -ldispatch -lBlocksRuntime --end-group
objcopy --wildcard --keep-global-symbol='Ndis*' "$objects/prelinked.o" "$objects/ndischimney.o"
rm -f "$out/libndischimney.a"
ar rcs "$out/libndischimney.a" "$objects/ndischimney.o"
rm -rf "$objects"
