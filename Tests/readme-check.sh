#!/usr/bin/env bash
# Builds and runs the README's Swift code as a new user would: each code
# block after a `<!-- readme-check: PATH -->` line is written to PATH in a
# throwaway package outside the repository, beside a copy of the repository
# in the folder the README's dependency line names (not NdisChimney). The
# program must print a delivered completion, a batch's skip with its status,
# the batch's count and a valid image. The DocC
# article that shows the same code must show it unchanged. The offload loop
# article's program (its block after `<!-- offload-check: PATH -->`) is
# built and run the same way, in a package with the README's Package.swift. The README's URL
# form is then resolved from a local Git repository whose URL ends as the
# README's does.
#
#   Tests/readme-check.sh [SWIFT]
set -u
swift=${1:-swift}
root=$(cd "$(dirname "$0")/.." && pwd)
readme=$root/README.md
work=$(mktemp -d)
# shellcheck source=Tests/C/tally.sh
. "$root/Tests/C/tally.sh"
trap 'rm -rf "$work" "$log"' EXIT

# The checkout: the files git would commit (tracked or new, not ignored).
checkout=$work/ndis-chimney
mkdir "$checkout"
(cd "$root" && git ls-files -z --cached --others --exclude-standard \
  | while IFS= read -r -d '' file; do [ -e "$file" ] && printf '%s\0' "$file"; done \
  | xargs -0 cp --parents -t "$checkout")

# The path form: the README's blocks, built and run.
user=$work/chimney-user
# extract FILE DIR [MARKER]: writes FILE's blocks marked with MARKER
# (readme-check by default) under DIR; prints how many.
extract() {
  local marker=${3:-readme-check}
  for path in $(sed -n "s/^<!-- $marker: \(.*\) -->\$/\1/p" "$1"); do
    mkdir -p "$2/$(dirname "$path")"
  done
  awk -v dir="$2" -v marker="<!-- $marker: " '
    index($0, marker) == 1 && / -->$/ { path = $3; next }
    path != "" && /^```/ && !inside { inside = 1; file = dir "/" path; next }
    inside && /^```$/ { inside = 0; path = ""; count++; next }
    inside { print > file }
    END { print count + 0 }' "$1"
}
blocks=$(extract "$readme" "$user")
# Before the build, which adds files.
article=$root/Sources/NdisChimney/NdisChimney.docc/GettingStartedFromSwift.md
extract "$article" "$work/article" >/dev/null
if diff -r "$user" "$work/article" >"$log" 2>&1; then
  pass "the DocC article shows the README's code unchanged"
else
  fail "the DocC article shows the README's code unchanged"
fi

expected=$(printf 'completion 1 skipped: NDIS_STATUS_NOT_SUPPORTED (0xc00000bb)\n%s\nvalid, 32 bytes' \
  'delivered, 2 query completions, 1 of 2 in the batch')
if [ "$blocks" -ne 2 ]; then
  echo "README.md has $blocks marked blocks, expected 2 (Package.swift, main.swift)" >"$log"
  fail "the README's package, by path, builds and runs"
elif ! "$swift" build --package-path "$user" >"$log" 2>&1; then
  fail "the README's package, by path, builds and runs"
elif [ "$("$user/.build/debug/ChimneyUser" 2>&1 | tee "$log")" != "$expected" ]; then
  fail "the README's package, by path, builds and runs (printed the above, expected: $expected)"
else
  pass "the README's package, by path, builds and runs"
fi

# The offload loop article's program, with the README's Package.swift.
offload=$work/offload-user
blocks=$(extract "$root/Sources/NdisChimney/NdisChimney.docc/OffloadLoop.md" "$offload" offload-check)
cp "$user/Package.swift" "$offload/Package.swift"
expected="1 completion, 1 refused"
if [ "$blocks" -ne 1 ]; then
  echo "OffloadLoop.md has $blocks marked blocks, expected 1 (main.swift)" >"$log"
  fail "the offload loop article's program builds and runs"
elif ! "$swift" build --package-path "$offload" >"$log" 2>&1; then
  fail "the offload loop article's program builds and runs"
elif [ "$("$offload/.build/debug/ChimneyUser" 2>&1 | tee "$log")" != "$expected" ]; then
  fail "the offload loop article's program builds and runs (printed the above, expected: $expected)"
else
  pass "the offload loop article's program builds and runs"
fi

# The URL form, with the URL replaced by a local repository of the same last
# path component; resolving checks the `package:` name (no second build).
# The README gives the two on one line or the next.
line=$(grep -m1 -A1 '\.package(url: ' "$readme" | tr '\n' ' ')
url=$(grep -o '\.package(url: "[^"]*", from: "[^"]*")' <<<"$line")
product=$(grep -o '\.product(name: "NdisChimney", package: "[^"]*")' <<<"$line")
repository=$(sed 's/.*url: "\([^"]*\)".*/\1/' <<<"$url" | xargs basename)
version=$(sed 's/.*from: "\([^"]*\)".*/\1/' <<<"$url")
{
  git -C "$checkout" init -q &&
    git -C "$checkout" add -A &&
    git -C "$checkout" -c user.name=readme-check -c user.email=readme-check@localhost commit -qm checkout &&
    git -C "$checkout" tag "$version" &&
    git clone -q --bare "$checkout" "$work/$repository"
} >"$log" 2>&1
mkdir -p "$work/url-user/Sources/ChimneyUser"
cp "$user/Sources/ChimneyUser/main.swift" "$work/url-user/Sources/ChimneyUser/"
sed -e "s|\.package(path: \"[^\"]*\")|.package(url: \"file://$work/$repository\", from: \"$version\")|" \
  -e "s|\.product(name: \"NdisChimney\", package: \"[^\"]*\")|$product|" \
  "$user/Package.swift" >"$work/url-user/Package.swift"
if [ -z "$url" ] || [ -z "$product" ]; then
  echo "README.md shows no .package(url:from:) with its .product(name:package:)" >"$log"
  fail "the README's URL form resolves"
elif "$swift" package --package-path "$work/url-user" show-dependencies >>"$log" 2>&1; then
  pass "the README's URL form resolves ($url, $product)"
else
  fail "the README's URL form resolves"
fi

summary readme-check
