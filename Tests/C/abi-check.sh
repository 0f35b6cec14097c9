#!/usr/bin/env bash
# Cross-ABI checks of Include/ with the toolchain's clang: for each target,
# both headers compile warning-free as C and C++ with
# -ffreestanding -Werror, matches the sizes expected for that target, and
# (on x86 Windows) rejects a __cdecl routine where a handler is expected.
# Ends with "N passed, N failed"; exits non-zero on any failure.
#
#   Tests/C/abi-check.sh [CLANG]
set -u
here=$(cd "$(dirname "$0")" && pwd)
include="$here/../../Include"
clang=${1:-$(dirname "$(command -v swift)")/clang}
# shellcheck source=Tests/C/tally.sh
. "$here/tally.sh"

# compile TARGET LABEL ARGS...: must succeed
compile() {
  local target=$1 label=$2; shift 2
  if "$clang" -target "$target" -ffreestanding -fsyntax-only -Werror -Wall -Wextra \
      -Wnullability-completeness -I "$include" "$@" >"$log" 2>&1; then
    pass "$target: $label"
  else
    fail "$target: $label"
  fi
}

# reject TARGET LABEL PATTERN ARGS...: must fail, with PATTERN in the diagnostics
reject() {
  local target=$1 label=$2 pattern=$3; shift 3
  if "$clang" -target "$target" -ffreestanding -fsyntax-only -Werror -I "$include" "$@" >"$log" 2>&1; then
    echo "compiled, but should have been rejected" >"$log"
    fail "$target: $label"
  elif grep -q -- "$pattern" "$log"; then
    pass "$target: $label"
  else
    fail "$target: $label (rejected for another reason)"
  fi
}

# target  pointer  characteristics  block-list  stdcall-handlers
expectations="
x86_64-pc-windows-msvc   8 56 152 no
i686-pc-windows-msvc     4 32  76 yes
aarch64-pc-windows-msvc  8 56 152 no
armv7-pc-windows-msvc    4 32  76 no
x86_64-w64-mingw32       8 56 152 no
i686-w64-mingw32         4 32  76 yes
x86_64-linux-gnu         8 56 152 no
i686-linux-gnu           4 32  76 no
aarch64-linux-gnu        8 56 152 no
"

while read -r target pointer chars block stdcall; do
  [ -n "$target" ] || continue
  compile "$target" "header as C11" -x c -std=c11 "$include/ndischimney.h"
  compile "$target" "header as C89 (array-size assertions)" -x c -std=c89 -Wno-long-long "$include/ndischimney.h"
  compile "$target" "header as C++11" -x c++ -std=c++11 "$include/ndischimney.h"
  compile "$target" "entry-point header as C11" -x c -std=c11 "$include/ndischimney_registry.h"
  compile "$target" "entry-point header as C++11" -x c++ -std=c++11 "$include/ndischimney_registry.h"
  compile "$target" "sizes: pointer $pointer, characteristics $chars, block list $block" -x c -std=c11 \
    -DEXPECT_POINTER="$pointer" -DEXPECT_CHARACTERISTICS="$chars" -DEXPECT_BLOCK_LIST="$block" \
    "$here/abi_expect.c"
  reject "$target" "a wrong expectation is caught (control)" "static assertion failed" -x c -std=c11 \
    -DEXPECT_POINTER="$pointer" -DEXPECT_CHARACTERISTICS="$((chars + 4))" -DEXPECT_BLOCK_LIST="$block" \
    "$here/abi_expect.c"
  compile "$target" "NDIS_CHIMNEY_CC routines install" -x c -std=c11 "$here/convention_check.c"
  compile "$target" "WDK headers first: no redefinition, WDK types checked" -x c -std=c11 "$here/wdk_first.c"
  reject "$target" "WDK types with a wrong layout are caught" "static assertion failed" -x c -std=c11 \
    -DFAKE_WDK_WRONG_LAYOUT "$here/wdk_first.c"
  if [ "$stdcall" = yes ]; then
    reject "$target" "__cdecl routine rejected as a handler" "incompatible function pointer types" \
      -x c -std=c11 -DUSE_CDECL "$here/convention_check.c"
  else
    compile "$target" "one C convention: __cdecl routine accepted" -x c -std=c11 -DUSE_CDECL \
      -Wno-ignored-attributes "$here/convention_check.c"
  fi
done <<<"$expectations"

summary abi-check
