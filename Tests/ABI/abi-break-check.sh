#!/usr/bin/env bash
# Shows that make abi-diff's comparison catches deliberate breaks: each case
# edits a copy of Include/, describes it as abi-diff.sh does, and compares it
# with the committed baseline. Every break must fail with abidiff naming it;
# the compatible edits (the unmodified headers, an added function, an added
# enumerator) must pass. Ends with "abi-break-check: N passed, N failed".
#
#   Tests/ABI/abi-break-check.sh CLANG SOVERSION
set -u
CLANG=$1
soversion=$2
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
baseline=$ROOT/Tests/ABI/libndischimney.so.$soversion.abi
work=$(mktemp -d)
# shellcheck source=Tests/ABI/corpus.sh
. "$ROOT/Tests/ABI/corpus.sh"
# shellcheck source=Tests/C/tally.sh
. "$ROOT/Tests/C/tally.sh"
trap 'rm -rf "$work" "$log"' EXIT

# case EXPECT LABEL FILE SED [PATTERN]: EXPECT is pass or fail; a failure must
# print PATTERN. SED edits FILE (in the copy of Include/) and must change it.
edit_case() {
  local expect=$1 label=$2 file=$3 edit=$4 pattern=${5:-} status
  rm -rf "$work/include" "$work/out"
  cp -R "$ROOT/Include" "$work/include"
  sed -i "$edit" "$work/include/$file"
  if [ -n "$edit" ] && cmp -s "$ROOT/Include/$file" "$work/include/$file"; then
    echo "the edit changed nothing: $edit" >"$log"
    fail "$label"
    return
  fi
  if ! corpus "$work/include" "$work/out" "$soversion" >"$log" 2>&1; then
    fail "$label (the edited headers do not compile)"
    return
  fi
  compare "$baseline" "$work/out/ndischimney.abi" >"$log" 2>&1
  status=$?
  if [ "$expect" = pass ] && [ "$status" -eq 0 ]; then
    pass "$label: passes"
  elif [ "$expect" = fail ] && [ $((status & 12)) -ne 0 ] && grep -q -- "$pattern" "$log"; then
    pass "$label: caught (abidiff status $status, \"$(grep -m1 -- "$pattern" "$log" | sed 's/^ *//')\")"
  else
    fail "$label: abidiff status $status, expected to $expect"
  fi
}

edit_case pass "unchanged headers" ndischimney.h ""
edit_case pass "a function added" ndischimney_registry.h \
  '/^ULONG NDIS_CHIMNEY_CC NdisChimneyDispatchBatch(/i ULONG NDIS_CHIMNEY_CC NdisChimneyAdded(ULONG Count);'
edit_case pass "an enumerator added" ndischimney_registry.h \
  's/    NdisChimneyAbiArm = 4 /    NdisChimneyAbiArm = 4, NdisChimneyAbiAdded = 5 /'
edit_case fail "a function removed (NdisChimneyCloseBinding)" ndischimney_registry.h \
  '/NdisChimneyCloseBinding(/d' "1 Removed function"
edit_case fail "a parameter's type changed (NdisChimneyDispatchBatch's Count: ULONG to USHORT)" \
  ndischimney_registry.h 's/    ULONG Count);/    USHORT Count);/' "parameter 3 of type"
edit_case fail "a field inserted in NDIS_CHIMNEY_COMPLETION" ndischimney_registry.h \
  's/^    NDIS_HANDLE BindingHandle;$/&\n    ULONG Priority;/' "type size changed"
edit_case fail "an enumerator's value changed (NdisChimneyAbiX64)" ndischimney_registry.h \
  's/NdisChimneyAbiX64 = 2,/NdisChimneyAbiX64 = 7,/' "NdisChimneyAbiX64"
edit_case fail "a handler's parameter changed (INDICATE_OFFLOAD_EVENT_HANDLER's IndicationCode)" \
  ndischimney.h 's/^    ULONG IndicationCode);/    USHORT IndicationCode);/' \
  "struct _NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS' changed"

summary abi-break-check
