#!/usr/bin/env bash
# Keeps the generated part of a document or header in step with the CLI.
#   Tests/docs-region.sh write|check|clear FILE TOOL ARGS...
# The generated part sits between the lines
#   <!-- BEGIN GENERATED: ndis-chimney ARGS -->  and  <!-- END GENERATED -->
# in a document, and between
#   /* BEGIN GENERATED: ndis-chimney ARGS */  and  /* END GENERATED */
# in a C header (*.h). `clear` empties it (without running TOOL), so that a
# header whose generated checks no longer hold compiles, and the tool with it.
set -eu
mode=$1 doc=$2 tool=$3
shift 3
case $doc in
  *.h) begin="/* BEGIN GENERATED: ndis-chimney $* */" end="/* END GENERATED */" ;;
  *) begin="<!-- BEGIN GENERATED: ndis-chimney $* -->" end="<!-- END GENERATED -->" ;;
esac
fresh=$(mktemp)
trap 'rm -f "$fresh" "$fresh.doc"' EXIT
[ "$mode" = clear ] || "$tool" "$@" >"$fresh"
grep -qxF -- "$begin" "$doc" || { echo "docs: $doc has no line '$begin'" >&2; exit 1; }
awk -v begin="$begin" -v end="$end" -v fresh="$fresh" '
  $0 == begin { print; while ((getline line < fresh) > 0) print line; skipping = 1; next }
  $0 == end { skipping = 0 }
  !skipping { print }
' "$doc" >"$fresh.doc"
if [ "$mode" != check ]; then
  cmp -s "$fresh.doc" "$doc" || cp "$fresh.doc" "$doc"
  echo "docs: wrote the generated part of $doc"
elif diff -u "$doc" "$fresh.doc"; then
  echo "docs-check: $doc is what the tool writes"
  echo "docs-check: 1 passed, 0 failed"
else
  echo "docs-check: $doc is stale; run 'make docs'" >&2
  echo "docs-check: 0 passed, 1 failed"
  exit 1
fi
