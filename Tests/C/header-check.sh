#!/usr/bin/env bash
# Both public headers, included as a user's file includes them, compile with
# no warning under the strictest flags: clang -Weverything -pedantic -Werror
# (minus the warnings listed below) and gcc -Wall -Wextra -pedantic -Werror,
# each as C89, C11, C++98 and C++11. A control proves the flags reject a
# non-standard construct. Then the registry argument's type check: an
# NDIS_HANDLE given where a PNDIS_CHIMNEY_REGISTRY goes does not compile as
# C11 or C++. Ends with "header-check: N passed, N failed".
#
#   Tests/C/header-check.sh CLANG GCC
set -u
here=$(cd "$(dirname "$0")" && pwd)
include="$here/../../Include"
clang=$1
gcc=$2
# shellcheck source=Tests/C/tally.sh
. "$here/tally.sh"

# Not applicable to these headers: the WDK's own tags are _NDIS_... names
# (reserved identifiers), the WDK's structures have padding, and the last
# three are about code style that the C89 path or the user decides.
clang_flags="-Weverything -Wno-reserved-identifier -Wno-reserved-macro-identifier -Wno-padded
  -Wno-declaration-after-statement -Wno-pre-c11-compat -Wno-unsafe-buffer-usage -pedantic -Werror"
gcc_flags="-Wall -Wextra -pedantic -Werror"
languages="c:c89 c:c11 c++:c++98 c++:c++11"

# strict COMPILER FLAGS LANGUAGE STD HEADER [ARGS...]: compiles header_strict.c
strict() {
  local compiler=$1 flags=$2 language=$3 std=$4 header=$5; shift 5
  # shellcheck disable=SC2086
  "$compiler" -fsyntax-only -x "$language" -std="$std" $flags -I "$include" \
    "-DNDIS_CHIMNEY_HEADER=<$header>" "$@" "$here/header_strict.c" >"$log" 2>&1
}

for header in ndischimney.h ndischimney_registry.h ndischimney_offload.h; do
  for language_std in $languages; do
    language=${language_std%%:*}
    std=${language_std#*:}
    for compiler in clang gcc; do
      if [ "$compiler" = clang ]; then binary=$clang flags=$clang_flags; else binary=$gcc flags=$gcc_flags; fi
      if strict "$binary" "$flags" "$language" "$std" "$header"; then
        pass "$compiler -std=$std: $header"
      else
        fail "$compiler -std=$std: $header"
      fi
    done
  done
done

for compiler in clang gcc; do
  if [ "$compiler" = clang ]; then binary=$clang flags=$clang_flags; else binary=$gcc flags=$gcc_flags; fi
  if strict "$binary" "$flags" c c89 ndischimney.h -DNDIS_CHIMNEY_STRICT_CONTROL; then
    echo "compiled, but long long should have been rejected in C89" >"$log"
    fail "$compiler -std=c89: the flags reject long long (control)"
  elif grep -q "long long" "$log"; then
    pass "$compiler -std=c89: the flags reject long long (control)"
  else
    fail "$compiler -std=c89: the flags reject long long (control; rejected for another reason)"
  fi
done

# A registry argument that is an NDIS_HANDLE does not compile: C++ refuses
# the conversion from void *, C11 the header's _Generic check.
for compiler in clang gcc; do
  if [ "$compiler" = clang ]; then binary=$clang; else binary=$gcc; fi
  for language_std in c:c11 c:c17 c++:c++98 c++:c++11; do
    language=${language_std%%:*}
    std=${language_std#*:}
    compile() {
      "$binary" -fsyntax-only -x "$language" -std="$std" -Wall -Wextra -Werror -I "$include" "$@" \
        "$here/registry_argument.c" >"$log" 2>&1
    }
    for call in 1 2 3 4 5 6; do
      if compile -DCALL=$call; then
        pass "$compiler -std=$std, call $call: a registry argument that is a registry compiles"
      else
        fail "$compiler -std=$std, call $call: a registry argument that is a registry compiles"
      fi
      if compile -DCALL=$call -DSWAPPED; then
        echo "compiled, but the NDIS_HANDLE given as the registry should have been refused" >"$log"
        fail "$compiler -std=$std, call $call: an NDIS_HANDLE as the registry argument is refused"
      elif ! grep -q -e "_Generic" -e "generic association" -e "conversion" -e "cannot convert" "$log"; then
        fail "$compiler -std=$std, call $call: an NDIS_HANDLE as the registry argument is refused (for another reason)"
      else
        pass "$compiler -std=$std, call $call: an NDIS_HANDLE as the registry argument is refused"
      fi
    done
  done
done

summary header-check
