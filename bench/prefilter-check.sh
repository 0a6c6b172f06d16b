#!/usr/bin/env bash
# Checks that the pre-filter changes no finding on the benchmark corpus:
# scans it with and without `--no-prefilter` and compares every finding
# (rule, file, line, column, message) in JSON form.
#
# Usage: bench/prefilter-check.sh
# Environment: POLLCHECK_BENCH_HOME, BENCH_CRATES (see bench/common.sh).
# Exits 1 when the findings differ, printing the difference.
set -euo pipefail
# shellcheck source=bench/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

fetch_corpus
build_pollcheck
select_crates
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

for mode in prefilter whole; do
    flags=(--format json --exit-zero --statistics)
    [ "$mode" = whole ] && flags+=(--no-prefilter)
    say "scanning ${#crates[@]} crates ($mode)"
    # Paths relative to the registry directory, so both runs print the same.
    # Exit status 2 is expected: a few corpus files do not parse.
    status=0
    (cd "$sources" && "$pollcheck" "${flags[@]}" "${crates[@]#"$sources"/}") \
        > "$out/$mode.json" 2> "$out/$mode.err" || status=$?
    [ "$status" -le 2 ] || die "pollcheck exited with $status: $(tail -3 "$out/$mode.err")"
    grep '^statistics:' "$out/$mode.err" >&2 || true
done

count=$(wc -l < "$out/prefilter.json")
if cmp -s "$out/prefilter.json" "$out/whole.json"; then
    echo "same $count findings with and without the pre-filter"
else
    echo "findings differ (< with the pre-filter, > without):"
    diff "$out/prefilter.json" "$out/whole.json" | head -50
    exit 1
fi
