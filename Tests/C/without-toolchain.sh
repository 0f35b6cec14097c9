#!/usr/bin/env bash
# Runs a command with the Swift toolchain's folder hidden: in a private mount
# namespace, an empty folder is bind-mounted over it, so nothing under it (the
# Swift runtime's shared libraries included) can be found. Checks that
# `swift` is really gone before running the command.
#
#   Tests/C/without-toolchain.sh COMMAND [ARGS...]
#
# Exits with the command's status, or with 77 after one line on stderr saying
# why when no mount namespace can be made here (unshare -m needs root;
# unshare -rm needs unprivileged user namespaces).
set -u
swift=$(command -v swift) || { echo "without-toolchain: swift is not on PATH" >&2; exit 2; }
toolchain=$(dirname "$(dirname "$swift")")
empty=$(mktemp -d)
trap 'rmdir "$empty"' EXIT

# Inside the namespace: hide the toolchain, prove it, then run the command.
# shellcheck disable=SC2016 # the inner shell expands its own arguments
hide='mount --bind "$1" "$2" && ! test -e "$3" && shift 3 && exec "$@"'
reasons=""
for flags in -m -rm; do
  if probe=$(unshare "$flags" -- sh -c "$hide" sh "$empty" "$toolchain" "$swift" true 2>&1); then
    unshare "$flags" -- sh -c "$hide" sh "$empty" "$toolchain" "$swift" "$@"
    exit $?
  fi
  reasons="$reasons unshare $flags: ${probe:-failed};"
done
echo "without-toolchain: cannot hide $toolchain:$reasons" >&2
exit 77
