#!/usr/bin/env bash
# Fetches the sources of the crates listed in bench/sweep3/crates.txt, as
# bench/sweep2/fetch.sh does for its list, and prints on its last line the
# directory holding the extracted NAME-VERSION directories.
#
# Environment:
#   SWEEP3_HOME  CARGO_HOME to fetch into
#                (default: ${TMPDIR:-/tmp}/pollcheck-sweep3-home)
# Exit status: 0 on success, 3 if the registry cannot be reached, 1 otherwise.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SWEEP2_HOME="${SWEEP3_HOME:-${TMPDIR:-/tmp}/pollcheck-sweep3-home}" \
    SWEEP_LIST="$here/crates.txt" \
    exec "$here/../sweep2/fetch.sh"
