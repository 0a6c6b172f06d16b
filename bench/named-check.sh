#!/usr/bin/env bash
# Checks that a file scanned alone (as pre-commit, editors and
# `--stdin-filename` scan it) gets exactly the findings a scan of its whole
# crate reports for it: for each crate of the benchmark corpus, the crate
# is scanned, then each of its files is scanned alone, and the findings of
# every file are compared. The crate model cache is used as a user's runs
# would use it (cold for the first file of a crate, warm after).
#
# Usage: bench/named-check.sh [BINARY]
# Environment: POLLCHECK_BENCH_HOME, BENCH_CRATES (see bench/common.sh);
#   JOBS, files scanned at once (default: the number of cores).
# Exits 1 when a file's findings differ, printing them.
set -euo pipefail
# shellcheck source=bench/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

given_or_built_pollcheck "${1:-}"
prepare_comparison

# FILE LINE RULE for each finding of a JSON report, paths relative to the
# crate directory.
summarise() {
    jq -r '[.spans[0].file_name, .spans[0].line_start, .code.code] | @tsv' | LC_ALL=C sort
}

say "scanning ${#crates[@]} crates whole"
for crate in "${crates[@]}"; do
    name=${crate##*/}
    (cd "$crate" && "$binary" --format json --exit-zero . 2> /dev/null || true) \
        | summarise > "$out/$name.whole"
done

say "scanning each file alone"
find "${crates[@]}" -name '*.rs' -type f -print0 \
    | xargs -0 -P "${JOBS:-$(nproc)}" -n 40 sh -c '
        binary=$1; shift
        for file in "$@"; do
            "$binary" --format json --exit-zero "$file" 2> /dev/null || true
        done' sh "$binary" \
    | summarise > "$out/alone.all"

# The findings of the files scanned alone, by crate, relative to it.
differ=0
for crate in "${crates[@]}"; do
    name=${crate##*/}
    grep -F "$crate/" "$out/alone.all" | sed "s|^$crate/||" | LC_ALL=C sort > "$out/$name.alone" || true
    if ! cmp -s "$out/$name.whole" "$out/$name.alone"; then
        echo "$name: findings differ (< whole crate, > files alone):"
        diff "$out/$name.whole" "$out/$name.alone" | head -10
        differ=1
    fi
done
files=$(find "${crates[@]}" -name '*.rs' -type f | wc -l)
findings=$(cat "$out"/*.whole | wc -l)
if [ "$differ" = 0 ]; then
    echo "same findings for each of $files files alone as in its crate's scan ($findings findings)"
fi
exit "$differ"
