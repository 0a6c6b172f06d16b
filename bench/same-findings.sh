#!/usr/bin/env bash
# Checks that two builds of pollcheck report the same findings: on the test
# corpus, on the benchmark corpus with and without the pre-filter, and on
# the crates in the local cargo registry cache (~/.cargo, $CARGO_HOME). Every
# finding is compared in JSON form (rule, file, position, message, labels,
# notes, suggestions).
#
# Usage:
#   bench/same-findings.sh OLD_BINARY [NEW_BINARY]
# NEW_BINARY defaults to a release build of this checkout. To keep a build
# to compare against later: `cargo build --release && cp target/release/pollcheck /tmp/before`.
#
# Environment: POLLCHECK_BENCH_HOME, BENCH_CRATES (see bench/common.sh).
# Exits 1 when the findings differ, printing the first differences.
set -euo pipefail
# shellcheck source=bench/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

[ "$#" -ge 1 ] || die "usage: $0 OLD_BINARY [NEW_BINARY]"
old=$(realpath "$1")
given_or_built_pollcheck "${2:-}"
new=$binary
prepare_comparison

registry=()
for root in "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/ "$HOME"/.cargo/registry/src/*/; do
    [ -d "$root" ] || continue
    root=$(realpath "$root")
    [[ " ${registry[*]} " == *" $root "* ]] || registry+=("$root")
done

# run NAME DIRECTORY ARGS...: both builds, in DIRECTORY, JSON to $out.
run() {
    local name=$1 directory=$2 binary status
    shift 2
    for binary in old new; do
        local path=$old
        [ "$binary" = new ] && path=$new
        status=0
        (cd "$directory" && "$path" --format json --exit-zero "$@") \
            > "$out/$name.$binary.json" 2> "$out/$name.$binary.err" || status=$?
        # Exit status 2 is expected: a few files do not parse.
        [ "$status" -le 2 ] || die "$binary exited with $status on $name: $(tail -3 "$out/$name.$binary.err")"
    done
    local count
    count=$(wc -l < "$out/$name.new.json")
    if cmp -s "$out/$name.old.json" "$out/$name.new.json"; then
        echo "$name: same $count findings"
    else
        echo "$name: findings differ (< old, > new):"
        diff <(jq -c '[.spans[0].file_name, .spans[0].line_start, .code.code, .message]' "$out/$name.old.json") \
            <(jq -c '[.spans[0].file_name, .spans[0].line_start, .code.code, .message]' "$out/$name.new.json") | head -20
        differ=1
    fi
}

differ=0
run test-corpus "$repo_root" test-corpus
run corpus "$sources" "${crates[@]#"$sources"/}"
run corpus-whole "$sources" --no-prefilter "${crates[@]#"$sources"/}"
for root in "${registry[@]}"; do
    [ "$root" = "$(realpath "$sources")" ] && continue
    mapfile -t cached < <(find "$root" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | LC_ALL=C sort)
    [ "${#cached[@]}" -gt 0 ] || continue
    # Named by the cargo home the registry cache is in.
    run "registry-$(basename "$(dirname "$(dirname "$(dirname "$root")")")")" "$root" "${cached[@]}"
done
exit "$differ"
