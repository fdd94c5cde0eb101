#!/usr/bin/env bash
# Runs make targets one after another as the steps of a bigger target
# (make test): each step says when it starts, and the run ends with one
# line per step, its time and outcome, and a total. It stops at the first
# step that fails, and exits with its status.
#
# Usage: scripts/steps.sh NAME=TARGET ...
set -uo pipefail

names=() times=() results=()
total_start=$SECONDS
status=0
count=$#
i=0
for step in "$@"; do
  i=$((i + 1))
  name=${step%%=*} target=${step#*=}
  printf '\n==> [%d/%d] %s (make %s)\n' "$i" "$count" "$name" "$target"
  start=$SECONDS
  make --no-print-directory "$target"
  status=$?
  names+=("$name") times+=($((SECONDS - start)))
  if [ "$status" -ne 0 ]; then
    results+=("FAILED")
    break
  fi
  results+=("ok")
done

printf '\n==> Summary\n'
passed=0 failed=0
for j in "${!names[@]}"; do
  printf '  %-10s %-7s %4ds\n' "${names[$j]}" "${results[$j]}" "${times[$j]}"
  if [ "${results[$j]}" = ok ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
done
for ((j = ${#names[@]}; j < count; j++)); do
  step=${*:j+1:1}
  printf '  %-10s %-7s\n' "${step%%=*}" "not run"
done
printf '  total %ds\n' "$((SECONDS - total_start))"
printf 'steps: %d passed, %d failed\n' "$passed" "$failed"
exit "$status"
