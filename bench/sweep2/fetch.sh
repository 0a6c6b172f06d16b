#!/usr/bin/env bash
# Fetches the sources of the crates listed in bench/sweep2/crates.txt (or
# in SWEEP_LIST, for bench/sweep3/fetch.sh) and
# prints, on its last line, the directory holding the extracted NAME-VERSION
# directories.
#
# Each listed version is downloaded by cargo itself (`cargo info NAME@VERSION`
# downloads and checksums that one .crate file, without its dependencies) into
# a throwaway CARGO_HOME, then extracted with tar into $home/src/. Nothing is
# built and nothing is committed. Crates already extracted are skipped, so a
# second run touches no network.
#
# Environment:
#   SWEEP2_HOME  CARGO_HOME to fetch into
#                (default: ${TMPDIR:-/tmp}/pollcheck-sweep2-home)
#   SWEEP_LIST   the crate list (default: crates.txt beside this script)
# Exit status: 0 on success, 3 if the registry cannot be reached, 1 otherwise.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
home="${SWEEP2_HOME:-${TMPDIR:-/tmp}/pollcheck-sweep2-home}"
list="${SWEEP_LIST:-$here/crates.txt}"
src="$home/src"

die() {
    echo "error: $2" >&2
    exit "$1"
}

command -v cargo > /dev/null || die 1 "cargo is needed"
mkdir -p "$src"
# Use the same registry (and mirror, if any) as the user's own cargo.
user_home="${CARGO_HOME:-$HOME/.cargo}"
for f in config.toml config; do
    if [ -f "$user_home/$f" ] && [ ! -e "$home/$f" ]; then
        cp "$user_home/$f" "$home/$f"
    fi
done

log=$(mktemp)
trap 'rm -f "$log"' EXIT
count=0
fetched=0
while read -r name version; do
    count=$((count + 1))
    dir="$src/$name-$version"
    [ -f "$dir/Cargo.toml" ] && continue
    crate=$(find "$home/registry/cache" -name "$name-$version.crate" -print -quit 2> /dev/null || true)
    if [ -z "$crate" ]; then
        # Run outside any workspace, so that cargo looks at the registry only.
        if ! (cd "$home" && CARGO_HOME="$home" CARGO_NET_RETRY=2 CARGO_HTTP_TIMEOUT=60 \
            cargo info --quiet "$name@$version" > /dev/null 2> "$log"); then
            if grep -qiE 'failed to (download|query|get|fetch|load)|could not (resolve|connect)|timed out|network|spurious|ssl|certificate|http2|unreachable|offline' "$log"; then
                die 3 "cannot reach the crates.io registry (fetching $name $version): $(grep -m1 -iE 'error|caused by' "$log" || head -n 1 "$log")"
            fi
            die 1 "cargo could not fetch $name $version: $(head -n 1 "$log")"
        fi
        crate=$(find "$home/registry/cache" -name "$name-$version.crate" -print -quit)
        [ -n "$crate" ] || die 1 "cargo did not download $name-$version.crate"
    fi
    rm -rf "$dir"
    tar -xzf "$crate" -C "$src" || die 1 "cannot extract $crate"
    [ -f "$dir/Cargo.toml" ] || die 1 "$crate did not extract to $dir"
    fetched=$((fetched + 1))
done < <(awk '!/^#/ && NF == 2' "$list")

[ "$count" -gt 0 ] || die 1 "no crates in $list"
echo "$count listed crates in place ($fetched extracted now)" >&2
echo "$src"
