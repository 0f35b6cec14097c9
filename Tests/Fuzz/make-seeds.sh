#!/usr/bin/env bash
# Writes the seed corpus under Tests/Fuzz/Corpus (committed; rerun only to
# change it). Image seeds: byte 0 picks the ABI (its value modulo 5: 0 host,
# 1 x86, 2 x64, 3 arm64, 4 arm) and the structure (its value divided by 5:
# 0 client generic, 1 provider generic, 2 client TCP, 3 provider TCP, 4 the
# one Header.Type names), then the image. Registry seeds: call sequences in
# the byte language of Tests/Fuzz/Checks/RegistryChecks.swift.
set -euo pipefail
cd "$(dirname "$0")/Corpus"
rm -f image/* registry/*

le() {  # le VALUE BYTES: VALUE little-endian as printf escapes
  local value=$1 bytes=$2 out="" i
  for ((i = 0; i < bytes; i++)); do out+=$(printf '\\x%02x' $(((value >> (8 * i)) & 255))); done
  printf '%s' "$out"
}

image() {  # image NAME SELECTOR POINTER TYPE REVISION SIZE FLAGS NULLS [LENGTH]
  local name=$1 selector=$2 pointer=$3 type=$4 revision=$5 size=$6 flags=$7 nulls=$8 length=${9:-}
  local body i
  body=$(le "$type" 1)$(le "$revision" 1)$(le "$size" 2)$(le "$flags" 4)
  for ((i = 0; i < 6; i++)); do
    if ((nulls & (1 << i))); then body+=$(le 0 "$pointer"); else body+=$(le $(((i + 1) * 0x1111111)) "$pointer"); fi
  done
  printf "$(le "$selector" 1)$body" >"image/$name"
  if [ -n "$length" ]; then truncate -s "$((length + 1))" "image/$name"; fi
}

for abi in host:0:8 x86:1:4 x64:2:8 arm64:3:8 arm:4:4; do
  IFS=: read -r name selector pointer <<<"$abi"
  rev1=$((8 + 6 * pointer))
  image "$name-valid" "$selector" "$pointer" 0x8E 1 "$rev1" 0 0
  image "$name-no-event-handler" "$selector" "$pointer" 0x8E 1 "$rev1" 0 32
  image "$name-all-null" "$selector" "$pointer" 0x8E 1 "$rev1" 0 63
  image "$name-type-default" "$selector" "$pointer" 0x80 1 "$rev1" 0 0
  image "$name-future-revision" "$selector" "$pointer" 0x8E 2 "$((rev1 + 16))" 0 0 "$((rev1 + 16))"
  image "$name-revision-0" "$selector" "$pointer" 0x8E 0 "$rev1" 0 0
  image "$name-size-one-short" "$selector" "$pointer" 0x8E 1 "$((rev1 - 1))" 0 0
  image "$name-size-past-buffer" "$selector" "$pointer" 0x8E 1 "$((rev1 + 8))" 0 0
  image "$name-truncated" "$selector" "$pointer" 0x8E 1 "$rev1" 0 0 "$((rev1 - 3))"
  image "$name-flags-set" "$selector" "$pointer" 0x8E 1 "$rev1" 1 0
  image "$name-header-only" "$selector" "$pointer" 0x8E 1 "$rev1" 0 0 3
done
printf '' >image/empty

# The other three structures, and the choice by Header.Type.
# structure NAME SELECTOR POINTER TYPE REVISION SIZE FLAGS OFFLOADTYPE ENTRYPOINTS [LENGTH]:
# OFFLOADTYPE "-" for a generic structure (none), else its value, followed by
# padding to the pointer size.
structure() {
  local name=$1 selector=$2 pointer=$3 type=$4 revision=$5 size=$6 flags=$7 offload=$8 count=$9 length=${10:-}
  local body i
  body=$(le "$type" 1)$(le "$revision" 1)$(le "$size" 2)$(le "$flags" 4)
  if [ "$offload" != - ]; then
    body+=$(le "$offload" 4)
    if [ "$pointer" = 8 ]; then body+=$(le 0 4); fi
  fi
  for ((i = 0; i < count; i++)); do body+=$(le $(((i + 1) * 0x1111111)) "$pointer"); done
  printf "$(le "$selector" 1)$body" >"image/$name"
  if [ -n "$length" ]; then truncate -s "$((length + 1))" "image/$name"; fi
}

for abi in host:0:8 x86:1:4 x64:2:8 arm64:3:8 arm:4:4; do
  IFS=: read -r name selector pointer <<<"$abi"
  for kind in provider-generic:1:0x8F:0:-:5 client-tcp:2:0x93:1:1:6 provider-tcp:3:0x94:0:1:5; do
    IFS=: read -r kname index type revision offload count <<<"$kind"
    first=8
    if [ "$offload" != - ]; then first=$((pointer == 8 ? 16 : 12)); fi
    least=$((first + count * pointer))
    s=$((selector + 5 * index))
    structure "$kname-$name-valid" "$s" "$pointer" "$type" "$revision" "$least" 0 "$offload" "$count"
    structure "$kname-$name-revision-0" "$s" "$pointer" "$type" 0 "$least" 0 "$offload" "$count"
    structure "$kname-$name-revision-7-larger" "$s" "$pointer" "$type" 7 "$((least + 8))" 0 "$offload" "$count" \
      "$((least + 8))"
    structure "$kname-$name-size-one-short" "$s" "$pointer" "$type" "$revision" "$((least - 1))" 0 "$offload" "$count"
    structure "$kname-$name-flags-set" "$s" "$pointer" "$type" "$revision" "$least" 1 "$offload" "$count"
    structure "$kname-$name-truncated" "$s" "$pointer" "$type" "$revision" "$least" 0 "$offload" "$count" \
      "$((least - 3))"
    if [ "$offload" != - ]; then
      structure "$kname-$name-offload-type-2" "$s" "$pointer" "$type" "$revision" "$least" 0 2 "$count"
    fi
    structure "by-type-$kname-$name" "$((selector + 20))" "$pointer" "$type" "$revision" "$least" 0 "$offload" "$count"
  done
  structure "by-type-client-generic-$name" "$((selector + 20))" "$pointer" 0x8E 1 $((8 + 6 * pointer)) 0 - 6
  structure "by-type-unknown-$name" "$((selector + 20))" "$pointer" 0x80 1 $((8 + 6 * pointer)) 0 - 6
done

# Registry: capacities (byte 0 also miniport drivers, byte 1 adapters), then
# ops (0 register, 1 deregister, 2 set handlers, 3 open, 4 close, 5/6
# dispatch, 7 batch, 8 a registry that is not the registry, 9 refused calls
# in a loop, 10 a handler calling back; 11/12 register/deregister a miniport
# driver, 13 its NdisSetOptionalHandlers, 14/15 add/remove an adapter, 16 a
# binding on an adapter, 17 a request, 18 a held request completed, 19 an
# event indication, 20 counts, 21 the hook).
printf '\x01\x01\x00\x02\x00\x8e\x01\x01\x00\x3f\x03\x00\x00\x05\x04\x07\x00\x00\x00\x01\x00\x04\x00\x05\x00\x00\x00\x00\x00\x00\x01\x00' >registry/lifecycle
printf '\x03\x07\x00\x00\x00\x02\x00\x8e\x01\x01\x00\x1f\x02\x01\x8e\x01\x02\x01\x20\x03\x00\x01\x03\x01\x02\x07\x04\x00\x00\x00\x05\x01\x00\x01\x02\x03' >registry/two-drivers-batch
printf '\x00\x00\x00\x00\x03\x00\x00\x03\x00\x01\x04\x00\x04\x00\x05\x00\x00\x00\x00\x00\x00\x00\x01\x00\x01\x00' >registry/capacity-and-stale
printf '\x02\x02\x00\x02\x00\x00\x7f\x01\x01\x00\x3f\x02\x00\x8e\x00\x01\x00\x3f\x02\x00\x8e\x01\x00\x10\x00\x00\x3f\x02\x00\x8e\x01\x01\x00\x01\x02\x03\x04\x01\x3f' >registry/malformed-installs
printf '\x00\x01\x00\x0a\x04\x00\x00\x0a\x04\x01\x00\x0a\x04\x02\x00\x08\x03\x01\x00\x09\x40\x01\x00\x03\x00\x00\x0a\x04\x03\x00' >registry/round-three
# Two adapters of one miniport driver, a binding on each: requests completed
# at once, held and completed, with SourceHandle made another adapter's
# binding, completed twice, completed on the other adapter, a held one
# completed with a bit of SourceHandle flipped; indications valid and not;
# counts; a close with a request outstanding; removal and deregistration
# refused; the hook taken away.
printf '\x09\x1d\x00\x02\x01\x00\x01\x01\x01\x01\x00\x3f\x0b\x0d\x01\x01\x00\x00\x00\x02\x01\x01\x00\x1f\x0e\x01\x00\x0e\x01\x00\x10\x01\x00\x01\x00\x00\x10\x01\x00\x01\x01\x01\x11\x00\x01\x03\x00\x01\x00\x11\x01\x01\x00\x00\x01\x00\x12\x00\x00\x00\x01\x01\x11\x02\x01\x05\x02\x01\x01\x00\x11\x03\x01\x04\x00\x01\x01\x11\x04\x01\x07\x01\x00\x01\x01\x12\x00\x05\x00\x21\x00\x01\x00\x13\x01\x01\x01\x01\x00\x13\x00\x01\x01\x01\x00\x14\x01\x00\x04\x01\x00\x0f\x01\x00\x15\x01\x0c\x01\x00' >registry/offload-loop
# The offload target's control path: a second miniport driver refused for
# room, the provider structure from a protocol driver and a client one from
# the miniport driver (NOT_SUPPORTED), provider TCP kept, with OffloadType 2
# and a provider structure one byte short refused, a second adapter refused
# for room, a request with no provider handler (NOT_SUPPORTED), removal
# refused then done, counts and an indication on the removed adapter,
# deregistration done and then refused.
printf '\x05\x09\x00\x02\x01\x00\x01\x01\x01\x01\x00\x3f\x0b\x0b\x0d\x00\x01\x00\x00\x00\x02\x01\x01\x00\x1f\x0d\x01\x01\x00\x04\x01\x02\x01\x01\x00\x3f\x0d\x01\x01\x00\x03\x00\x02\x01\x01\x01\x1f\x0d\x01\x01\x00\x03\x00\x02\x01\x00\x02\x01\x1f\x0d\x01\x01\x00\x00\x00\x01\x01\x01\x00\x1f\x0e\x01\x00\x0e\x01\x00\x10\x01\x00\x01\x00\x02\x11\x00\x01\x00\x00\x01\x00\x14\x01\x00\x0f\x01\x00\x04\x01\x00\x0f\x01\x00\x14\x01\x00\x12\x13\x01\x01\x01\x01\x00\x0c\x01\x00\x0c\x01\x00\x15\x00' >registry/offload-control
# A completion with the handle of a binding whose close is done (its slot
# not yet reused) in SourceHandle, on the adapter that binding was bound
# to: refused as an unknown source, the block left alone.
printf '\x04\x0a\x00\x02\x01\x00\x01\x01\x01\x01\x00\x3f\x0b\x0d\x01\x01\x00\x00\x00\x02\x01\x01\x00\x1f\x0e\x01\x00\x10\x01\x00\x01\x00\x00\x10\x01\x00\x01\x00\x01\x11\x00\x01\x00\x00\x01\x00\x12\x00\x00\x00\x01\x01\x04\x01\x00\x11\x01\x01\x00\x00\x01\x01\x12\x00\x06\x00\x00\x01\x01' >registry/offload-stale-source
# Found by fuzz-registry: a batch with statuses over a binding whose driver
# installed no entry points, two completions NOT_SUPPORTED and one with an
# entry point out of range INVALID_PARAMETER.
printf '\xfc\x8b\x00\x03\x21\x00\xb7\xb7\xb7\xb7\xb7\xb7\xb7\xb7\xb7' >registry/batch-statuses
ls image | wc -l; ls registry | wc -l
