#!/usr/bin/env bash
# Checks bench/fresh: crates.txt is well formed (sorted, unique, at least 300
# crates), names no crate of the benchmark corpus (bench/corpus/Cargo.lock,
# transitive dependencies included) nor of the held-out list, and pins each
# crate at its listed version in exactly one chunk manifest and lock file.
# Given a source directory (fetch.sh's last line), also checks that every
# listed NAME-VERSION directory is there.
#
# Usage: bench/fresh/check.sh [SOURCE_DIR]
# Environment:
#   HELDOUT  held-out list (default: shared/heldout-crates.txt beside the repository)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_root=$(cd "$here/../.." && pwd)
heldout="${HELDOUT:-$repo_root/../shared/heldout-crates.txt}"
lock="$repo_root/bench/corpus/Cargo.lock"
list="$here/crates.txt"
fail=0

bad() {
    echo "FAIL: $*" >&2
    fail=1
}

# crates.io treats '-' and '_' (and case) alike in names.
norm() {
    tr 'A-Z_' 'a-z-'
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
awk '!/^#/' "$list" > "$tmp/entries"
awk 'NF != 2' "$tmp/entries" | grep -q . && bad "lines that are not 'name version' in crates.txt"
cut -d' ' -f1 "$tmp/entries" > "$tmp/names"
LC_ALL=C sort -c "$tmp/names" 2> /dev/null || bad "crates.txt is not sorted by name"
dups=$(norm < "$tmp/names" | sort | uniq -d)
[ -z "$dups" ] || bad "names listed twice: $dups"
count=$(wc -l < "$tmp/entries")
[ "$count" -ge 300 ] || bad "only $count crates (want at least 300)"

sed -n 's/^name = "\(.*\)"$/\1/p' "$lock" | norm | sort -u > "$tmp/corpus"
[ -s "$tmp/corpus" ] || bad "no names read from $lock"
hit=$(norm < "$tmp/names" | sort -u | comm -12 - "$tmp/corpus")
[ -z "$hit" ] || bad "in the corpus lock file: $(echo "$hit" | tr '\n' ' ')"

if [ -f "$heldout" ]; then
    grep -v '^#' "$heldout" | tr -d ' \t\r' | grep -v '^$' | norm | sort -u > "$tmp/heldout"
    hit=$(norm < "$tmp/names" | sort -u | comm -12 - "$tmp/heldout")
    if [ -n "$hit" ]; then
        bad "in the held-out list: $(echo "$hit" | tr '\n' ' ')"
    else
        echo "held-out list: $(wc -l < "$tmp/heldout") names, none listed" >&2
    fi
else
    bad "held-out list not found at $heldout (set HELDOUT)"
fi

# Each crate pinned once with "=VERSION", and locked at that version.
sed -n 's/^\([A-Za-z0-9_-]*\) = { version = "=\([^"]*\)".*/\1 \2/p' "$here"/chunks/*/Cargo.toml \
    | LC_ALL=C sort > "$tmp/pinned"
diff <(LC_ALL=C sort "$tmp/entries") "$tmp/pinned" > /dev/null \
    || bad "chunks/*/Cargo.toml do not pin exactly the crates in crates.txt"
for manifest in "$here"/chunks/*/Cargo.toml; do
    chunk=$(dirname "$manifest")
    awk '/^name = /{ n = $3 } /^version = /{ print n, $3 }' "$chunk/Cargo.lock" | tr -d '"' > "$tmp/locked"
    while read -r name version; do
        grep -qxF "$name $version" "$tmp/locked" || bad "$name $version not in ${chunk#"$here"/}/Cargo.lock"
    done < <(sed -n 's/^\([A-Za-z0-9_-]*\) = { version = "=\([^"]*\)".*/\1 \2/p' "$manifest")
done

if [ $# -gt 0 ]; then
    sources=$1
    present=0
    while read -r name version; do
        if [ -d "$sources/$name-$version" ]; then
            present=$((present + 1))
        else
            bad "no $sources/$name-$version"
        fi
    done < "$tmp/entries"
    echo "source directories present: $present of $count" >&2
fi

[ "$fail" = 0 ] || exit 1
echo "ok: $count crates, none in the corpus lock file or the held-out list" >&2
