#!/usr/bin/env bash
# Fetches the crate versions whose findings pollcheck is checked against and
# runs pollcheck on each (short format), so that a change to a rule can be
# seen on real code: hyper 1.9.0 (the dispatcher's discarded flush), 1.10.1
# (Conn::poll_shutdown under the write buffer) and 1.11.0 (fixed).
#
#   scripts/pinned-crates.sh [name=version ...]   # default: the list below
#
# Sources go to a throwaway cargo home (see fetch-crates.sh). Exits 3 when
# the registry cannot be reached.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)

if [ "$#" -eq 0 ]; then
    set -- hyper=1.9.0 hyper=1.10.1 hyper=1.11.0
fi

cargo build --quiet --manifest-path "$root/Cargo.toml" -p pollcheck
# Where cargo put it: CARGO_TARGET_DIR (relative to here, as for cargo) or
# the workspace's target/.
target=${CARGO_TARGET_DIR:-$root/target}
[[ $target == /* ]] || target="$PWD/$target"
binary="$target/debug/pollcheck"

for spec in "$@"; do
    directory=$("$here/fetch-crates.sh" "$spec")
    echo "== $spec"
    # Findings make pollcheck exit 1; that is what we are here to see.
    # Anything else (2: it could not run or read the crate) stops the script.
    status=0
    (cd "$directory" && "$binary" --format short --color never src) || status=$?
    [ "$status" -le 1 ] || exit "$status"
done
