# Sourced by the bench-instructions scripts: callgrind counts per call.
#
# measure [--toggle-collect=FUNCTION] BINARY ARGS...
#                          prints "INSTRUCTIONS MALLOC RETAIN RELEASE BEGINACCESS
#                          ALLOCOBJECT": the run's total instructions and the
#                          calls made to each watched function; with
#                          --toggle-collect, only those made inside FUNCTION
#                          (a pattern, as callgrind takes it) and what it calls.
# per_call N "ONE" "TWO"   given measure's lines for N and 2N calls, prints
#                          (TWO - ONE) / N for each of the six numbers.
# $work must name a scratch folder.

measure() {
  local out="$work/cg.out" options=()
  case $1 in --toggle-collect=*) options+=("$1"); shift ;; esac
  valgrind --tool=callgrind "${options[@]}" --callgrind-out-file="$out" "$@" >/dev/null 2>&1
  awk '
    /^(c?fn)=\(/ {
      id = $1; sub(/^c?fn=/, "", id); name = $0; sub(/^c?fn=\([0-9]+\) ?/, "", name)
      if (name != "") names[id] = name
      if ($0 ~ /^cfn=/) callee = names[id]
    }
    /^calls=/ { split($0, f, /[= ]/); calls[callee] += f[2] }
    /^summary:/ { total = $2 }
    END {
      printf "%s", total
      n = split("malloc swift_retain swift_release swift_beginAccess swift_allocObject", watch, " ")
      # Any heap allocation counts as malloc, and a weak reference made
      # strong as a retain.
      calls["malloc"] += calls["posix_memalign"] + calls["calloc"] + calls["realloc"]
      calls["swift_retain"] += calls["swift_weakLoadStrong"]
      for (i = 1; i <= n; i++) printf " %d", calls[watch[i]] + 0
      printf "\n"
    }' "$out"
}

per_call() {
  local n=$1 one=($2) two=($3) out=""
  for i in 0 1 2 3 4 5; do
    out+=" $(awk -v a="${one[$i]}" -v b="${two[$i]}" -v n="$n" 'BEGIN { printf "%.2f", (b - a) / n }')"
  done
  echo "$out"
}
