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

# Every handler typedef of the header: convention_check.c assigns a routine
# to a field of each, so a __cdecl routine draws one error per typedef.
handlers=$(grep -c '(NDIS_CHIMNEY_CC \*' "$include/ndischimney.h")
# And every WDK routine the header declares: convention_check.c stores each
# in a pointer of its convention, one more error each.
routines=$(grep -c '^VOID NDIS_CHIMNEY_CC Ndis' "$include/ndischimney.h")
conventions=$((handlers + routines))

# target  pointer  sizeof: client generic, block lists, provider generic,
# client TCP, provider TCP (the facts: x64 PDB sizes, ILP32 for 32-bit)  stdcall
expectations="
x86_64-pc-windows-msvc   8 56 152 48 64 56 no
i686-pc-windows-msvc     4 32  76 28 36 32 yes
aarch64-pc-windows-msvc  8 56 152 48 64 56 no
armv7-pc-windows-msvc    4 32  76 28 36 32 no
x86_64-w64-mingw32       8 56 152 48 64 56 no
i686-w64-mingw32         4 32  76 28 36 32 yes
x86_64-linux-gnu         8 56 152 48 64 56 no
i686-linux-gnu           4 32  76 28 36 32 no
aarch64-linux-gnu        8 56 152 48 64 56 no
"

while read -r target pointer chars block provider client_tcp provider_tcp stdcall; do
  [ -n "$target" ] || continue
  sizes="-DEXPECT_POINTER=$pointer -DEXPECT_BLOCK_LIST=$block -DEXPECT_PROVIDER=$provider"
  sizes="$sizes -DEXPECT_CLIENT_TCP=$client_tcp -DEXPECT_PROVIDER_TCP=$provider_tcp"
  compile "$target" "header as C11" -x c -std=c11 "$include/ndischimney.h"
  compile "$target" "header as C89 (array-size assertions)" -x c -std=c89 -Wno-long-long "$include/ndischimney.h"
  compile "$target" "header as C++11" -x c++ -std=c++11 "$include/ndischimney.h"
  compile "$target" "entry-point header as C11" -x c -std=c11 "$include/ndischimney_registry.h"
  compile "$target" "entry-point header as C++11" -x c++ -std=c++11 "$include/ndischimney_registry.h"
  compile "$target" "offload header as C11" -x c -std=c11 "$include/ndischimney_offload.h"
  compile "$target" "offload header as C++11" -x c++ -std=c++11 "$include/ndischimney_offload.h"
  # shellcheck disable=SC2086
  compile "$target" "sizes: pointer $pointer, characteristics $chars/$provider/$client_tcp/$provider_tcp, block lists $block" \
    -x c -std=c11 $sizes -DEXPECT_CHARACTERISTICS="$chars" "$here/abi_expect.c"
  # shellcheck disable=SC2086
  reject "$target" "a wrong expectation is caught (control)" "static assertion failed" -x c -std=c11 \
    $sizes -DEXPECT_CHARACTERISTICS="$((chars + 4))" "$here/abi_expect.c"
  compile "$target" "NDIS_CHIMNEY_CC routines install in every handler field" -x c -std=c11 "$here/convention_check.c"
  compile "$target" "WDK headers first: no redefinition, WDK types checked" -x c -std=c11 "$here/wdk_first.c"
  reject "$target" "WDK types with a wrong layout are caught" "static assertion failed" -x c -std=c11 \
    -DFAKE_WDK_WRONG_LAYOUT "$here/wdk_first.c"
  if [ "$stdcall" = yes ]; then
    reject "$target" "__cdecl routine rejected as a handler" "incompatible function pointer types" \
      -x c -std=c11 -ferror-limit=0 -DUSE_CDECL "$here/convention_check.c"
    rejected=$(grep -c "incompatible function pointer types" "$log")
    label="__cdecl refused by each of the $handlers handler typedefs and $routines WDK routines"
    if [ "$routines" -eq 11 ] && [ "$rejected" -eq "$conventions" ]; then
      pass "$target: $label"
    else
      echo "$rejected of the $conventions handler typedefs and routines refused __cdecl" >"$log"
      fail "$target: $label"
    fi
  else
    compile "$target" "one C convention: __cdecl routine accepted" -x c -std=c11 -DUSE_CDECL \
      -Wno-ignored-attributes "$here/convention_check.c"
  fi
done <<<"$expectations"

summary abi-check
