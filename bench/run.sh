#!/usr/bin/env bash
# Times pollcheck against ripgrep, ast-grep and semgrep on the pinned crate
# corpus and prints a markdown table: median wall time (hyperfine), MB/s,
# peak RSS (one separate run under /usr/bin/time) and findings per tool.
#
# Usage:
#   bench/run.sh
#   RUNS=3 BENCH_CRATES=20 bench/run.sh      # quick check on 20 crates
#
# Environment:
#   RUNS                  timed runs per tool after one warm-up (default 5)
#   BENCH_CRATES          only the first N crates, sorted by name (default all)
#   SEMGREP_CRATES        semgrep (and a pollcheck row to compare) runs on the
#                         first N crates only, being far slower (default 50)
#   POLLCHECK_BENCH_HOME  CARGO_HOME for the corpus (see bench/common.sh)
#   AST_GREP, SEMGREP     the binaries (default: ast-grep and semgrep on PATH);
#                         a tool that is missing is left out of the table
#   RESULTS_DIR           where hyperfine's JSON and each tool's output go
#                         (default: a new temporary directory, kept)
#   BEFORE                another pollcheck binary (an earlier build) to time
#                         in the same run, for a before/after row
#
# pollcheck's crate model cache goes to RESULTS_DIR/model-cache (filled by
# the warm-up run); a --no-cache row shows the scan without it.
#
# Needs cargo, hyperfine, ripgrep, jq and GNU time (/usr/bin/time).
set -euo pipefail

# shellcheck source=bench/common.sh
source "$(dirname "$0")/common.sh"

runs="${RUNS:-5}"
semgrep_crates="${SEMGREP_CRATES:-50}"
ast_grep="${AST_GREP:-ast-grep}"
semgrep="${SEMGREP:-semgrep}"
results="${RESULTS_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/pollcheck-bench.XXXXXX")}"
mkdir -p "$results"
export POLLCHECK_CACHE_DIR="$results/model-cache"

need cargo hyperfine rg jq
[ -x /usr/bin/time ] || die "/usr/bin/time (GNU time) is needed for peak RSS"

fetch_corpus
build_pollcheck
select_crates
# The whole corpus is passed as its one directory, a subset as its crates.
if [ -z "${BENCH_CRATES:-}" ]; then targets=("$sources"); else targets=("${crates[@]}"); fi
subset=("${crates[@]:0:semgrep_crates}")

say "warming the page cache"
warm_page_cache "${targets[@]}"

# One row of the table per timed command, fields separated by '|'.
rows=()

# add_row NAME SCOPE_LABEL FILES BYTES FINDINGS: one line of the table.
add_row() {
    rows+=("$1|$2|$3|$4|$median|$rss_kb|$5")
}

read -r files bytes lines < <(measure_rs "${targets[@]}")
if [ -z "${BENCH_CRATES:-}" ]; then
    scope="corpus (${#crates[@]} crates)"
else
    scope="first ${#crates[@]} crates"
fi

poll_args=(--format short --color never --exit-zero)
count_pollcheck() {
    echo "$(wc -l < "$results/$1.out") ($(grep -c '\[discarded_poll\]' "$results/$1.out" || true) discarded_poll)"
}

timed pollcheck "$scope" "0 2" "$pollcheck" "${poll_args[@]}" "${targets[@]}"
add_row pollcheck "$scope" "$files" "$bytes" "$(count_pollcheck pollcheck)"
pollcheck_median=$median

timed pollcheck-no-cache "$scope" "0 2" "$pollcheck" "${poll_args[@]}" --no-cache "${targets[@]}"
add_row "pollcheck --no-cache" "$scope" "$files" "$bytes" "$(count_pollcheck pollcheck-no-cache)"

if [ -n "${BEFORE:-}" ]; then
    timed pollcheck-before "$scope" "0 2" "$BEFORE" "${poll_args[@]}" "${targets[@]}"
    add_row "pollcheck, BEFORE ($("$BEFORE" --version | cut -d' ' -f2))" "$scope" "$files" "$bytes" \
        "$(count_pollcheck pollcheck-before)"
    # The rows above run one after the other, and this machine's speed
    # drifts within a minute; so the two builds are also timed in turns.
    say "== BEFORE and this build, in turns ($((runs * 2)) runs each)"
    before_times=()
    after_times=()
    for _ in $(seq $((runs * 2))); do
        for which in before after; do
            binary=$pollcheck
            [ "$which" = before ] && binary=$BEFORE
            start=$(date +%s%N)
            "$binary" "${poll_args[@]}" "${targets[@]}" > /dev/null 2>&1 || true
            elapsed=$(($(date +%s%N) - start))
            if [ "$which" = before ]; then before_times+=("$elapsed"); else after_times+=("$elapsed"); fi
        done
    done
    median_of() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] / 1e9 }'; }
    before_median=$(median_of "${before_times[@]}")
    after_median=$(median_of "${after_times[@]}")
fi

timed pollcheck-1-thread "$scope" "0 2" env RAYON_NUM_THREADS=1 "$pollcheck" "${poll_args[@]}" "${targets[@]}"
add_row "pollcheck, RAYON_NUM_THREADS=1" "$scope" "$files" "$bytes" "$(count_pollcheck pollcheck-1-thread)"

timed ripgrep "$scope" "0 1" rg --no-heading --with-filename --line-number --type rust \
    --file "$bench_dir/rules/ripgrep.regex" "${targets[@]}"
add_row "ripgrep (regex)" "$scope" "$files" "$bytes" "$(wc -l < "$results/ripgrep.out")"
ripgrep_median=$median

ast_grep_median=
if command -v "$ast_grep" > /dev/null; then
    timed ast-grep "$scope" "0" "$ast_grep" scan --rule "$bench_dir/rules/ast-grep.yml" \
        --json=stream "${targets[@]}"
    add_row "ast-grep (rule)" "$scope" "$files" "$bytes" "$(wc -l < "$results/ast-grep.out")"
    ast_grep_median=$median
else
    say "ast-grep not found ($ast_grep): left out"
fi

semgrep_median=
if command -v "$semgrep" > /dev/null; then
    read -r sub_files sub_bytes _ < <(measure_rs "${subset[@]}")
    sub_scope="first ${#subset[@]} crates (${subset[0]##*/} … ${subset[-1]##*/})"
    # Offline: no metrics, no version check, a local rule file. Semgrep skips
    # tests/ and files over 1 MB by default; the two flags make it read every
    # .rs file the other tools read.
    timed semgrep "$sub_scope" "0" "$semgrep" scan --metrics=off --disable-version-check \
        --quiet --json --x-ignore-semgrepignore-files --max-target-bytes 0 \
        --config "$bench_dir/rules/semgrep.yml" "${subset[@]}"
    add_row "semgrep (rule)" "$sub_scope" "$sub_files" "$sub_bytes" \
        "$(jq '.results | length' "$results/semgrep.out") ($(jq '.errors | length' "$results/semgrep.out") files with errors)"
    semgrep_median=$median

    timed pollcheck-subset "$sub_scope" "0 2" "$pollcheck" "${poll_args[@]}" "${subset[@]}"
    add_row pollcheck "$sub_scope" "$sub_files" "$sub_bytes" "$(count_pollcheck pollcheck-subset)"
    pollcheck_subset_median=$median
else
    say "semgrep not found ($semgrep): left out"
fi

# The report, on standard output.
echo
print_machine
echo "corpus: $files .rs files, $lines lines, $(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }') MB, $scope"
echo "tools: pollcheck $("$pollcheck" --version | cut -d' ' -f2), $(hyperfine --version), $(rg --version | sed -n 1p)$(
    command -v "$ast_grep" > /dev/null && echo ", $("$ast_grep" --version)")$(
    command -v "$semgrep" > /dev/null && echo ", semgrep $("$semgrep" --version --disable-version-check 2> /dev/null)")"
echo "each time is the median of $runs runs after one warm-up, page cache warm"
echo
echo "| tool | scope | files | MB | wall time (median) | MB/s | peak RSS | findings |"
echo "|---|---|---:|---:|---:|---:|---:|---:|"
for row in "${rows[@]}"; do
    IFS='|' read -r tool where nfiles nbytes secs kb found <<< "$row"
    awk -v t="$tool" -v w="$where" -v f="$nfiles" -v b="$nbytes" -v s="$secs" -v k="$kb" -v n="$found" 'BEGIN {
        printf "| %s | %s | %d | %.1f | %.3f s | %.1f | %.0f MB | %s |\n", t, w, f, b / 1e6, s, b / 1e6 / s, k / 1024, n
    }'
done
echo
ratio() {
    awk -v a="$2" -v b="$3" -v what="$1" 'BEGIN { printf "- %s: %.2f\n", what, a / b }'
}
echo "Wall-time ratios (above 1: pollcheck is slower):"
ratio "pollcheck / ripgrep" "$pollcheck_median" "$ripgrep_median"
if [ -n "$ast_grep_median" ]; then ratio "pollcheck / ast-grep" "$pollcheck_median" "$ast_grep_median"; fi
if [ -n "${BEFORE:-}" ]; then
    awk -v a="$after_median" -v b="$before_median" -v n="$((runs * 2))" 'BEGIN {
        printf "- this build / BEFORE, timed in turns (%d runs each): %.3f s / %.3f s = %.2f\n", n, a, b, a / b
    }'
fi
if [ -n "$semgrep_median" ]; then
    ratio "pollcheck / semgrep (semgrep subset)" "$pollcheck_subset_median" "$semgrep_median"
fi
echo
echo "What counts as a finding: pollcheck, a line of --format short (every rule"
echo "and level; in brackets the discarded_poll ones, the rule the others"
echo "approximate); ripgrep, a line matching bench/rules/ripgrep.regex; ast-grep,"
echo "a match of bench/rules/ast-grep.yml; semgrep, a result of bench/rules/semgrep.yml."
echo "hyperfine JSON and every tool's output: $results"
