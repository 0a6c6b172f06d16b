#!/usr/bin/env bash
# What the GitHub Action (action.yml) runs: installs pollcheck if it is not
# on the PATH yet, works out what to compare with when only changed lines
# are wanted, runs pollcheck with `--format github` (annotations and a step
# summary) and, if asked, writes SARIF too. Exits with pollcheck's status.
#
# Environment (set by action.yml from its inputs and the event):
#   INPUT_PATHS               paths to scan, separated by spaces (default .)
#   INPUT_ARGS                more arguments for pollcheck
#   INPUT_VERSION             a git revision of pollcheck to install; empty:
#                             the action's own checkout
#   INPUT_CHANGED_LINES_ONLY  true: report only lines changed by the pull
#                             request, or by the push
#   INPUT_SARIF               a file to write SARIF to (empty: none)
#   GITHUB_EVENT_NAME, GITHUB_BASE_REF, GITHUB_ACTION_PATH, GITHUB_SERVER_URL,
#   GITHUB_ACTION_REPOSITORY  as GitHub sets them
#   PUSH_BEFORE               the commit a push started from
#                             (github.event.before)
#
# `scripts/action.sh cache-key` prints the key the installed binary is
# cached under instead: the commit INPUT_VERSION names (a branch or tag is
# resolved with git ls-remote, so that a moved branch gets a new build), or,
# without it, a digest of the action's own sources (GITHUB_ACTION_PATH;
# `uses: …@main` is a checkout whose ref stays "main" as main moves).
set -euo pipefail

say() {
    echo "pollcheck-action: $*" >&2
}

cache_key() {
    if [ -n "${INPUT_VERSION:-}" ]; then
        if [[ "$INPUT_VERSION" =~ ^[0-9a-f]{40}$ ]]; then
            echo "$INPUT_VERSION"
            return
        fi
        local repository="${GITHUB_SERVER_URL:-https://github.com}/${GITHUB_ACTION_REPOSITORY:?}"
        local commit
        # Exact names only (ls-remote matches the ends of ref names: `main`
        # would also match `release/main`); a peeled tag before the tag.
        commit=$(git ls-remote "$repository" 2> /dev/null |
            awk -v v="$INPUT_VERSION" '
                $2 == "refs/heads/" v || $2 == "refs/tags/" v "^{}" { peeled = $1 }
                $2 == "refs/tags/" v { tag = $1 }
                END { print (peeled != "" ? peeled : tag) }' || true)
        # A revision git ls-remote cannot name (an abbreviated commit) is
        # its own key.
        echo "${commit:-$INPUT_VERSION}"
        return
    fi
    local source=${GITHUB_ACTION_PATH:?}
    (
        cd "$source"
        find . \( -path ./target -o -path ./.git \) -prune -o \
            -type f \( -name '*.rs' -o -name 'Cargo.*' \) -print0 |
            LC_ALL=C sort -z | xargs -0 sha256sum
    ) | sha256sum | cut -c1-16
}

if [ "${1:-}" = "cache-key" ]; then
    cache_key
    exit 0
fi

install() {
    if command -v pollcheck > /dev/null; then
        say "using $(command -v pollcheck) ($(pollcheck --version))"
        return
    fi
    if [ -n "${INPUT_VERSION:-}" ]; then
        local repository="${GITHUB_SERVER_URL:-https://github.com}/${GITHUB_ACTION_REPOSITORY:?}"
        say "installing pollcheck $INPUT_VERSION from $repository"
        cargo install --locked --git "$repository" --rev "$INPUT_VERSION" pollcheck
    else
        say "installing pollcheck from ${GITHUB_ACTION_PATH:?}"
        cargo install --locked --path "$GITHUB_ACTION_PATH"
    fi
}

# The revision to compare with, or nothing for a whole scan.
base_revision() {
    case "${GITHUB_EVENT_NAME:-}" in
        pull_request | pull_request_target)
            if [ -z "${GITHUB_BASE_REF:-}" ]; then
                say "no base branch for this pull request: scanning everything"
                return
            fi
            # The checkout may be shallow, or of one branch: fetch the base
            # branch into origin/BASE whatever the remote's refspec.
            local refspec="+refs/heads/$GITHUB_BASE_REF:refs/remotes/origin/$GITHUB_BASE_REF"
            git fetch --quiet --no-tags origin "$refspec" || true
            if git rev-parse --verify --quiet "origin/$GITHUB_BASE_REF" > /dev/null; then
                # What the pull request changed: since it left the base. A
                # shallow checkout has not the history back to there: fetch
                # it. Comparing with the base's tip instead would report
                # what the base changed since.
                local base
                base=$(git merge-base "origin/$GITHUB_BASE_REF" HEAD 2> /dev/null || true)
                if [ -z "$base" ] && [ "$(git rev-parse --is-shallow-repository)" = true ]; then
                    git fetch --quiet --no-tags --unshallow origin "$refspec" 2> /dev/null || true
                    base=$(git merge-base "origin/$GITHUB_BASE_REF" HEAD 2> /dev/null || true)
                fi
                if [ -n "$base" ]; then
                    echo "$base"
                else
                    say "cannot find where the pull request left origin/$GITHUB_BASE_REF: scanning everything"
                fi
            else
                say "cannot find origin/$GITHUB_BASE_REF: scanning everything"
            fi
            ;;
        push)
            # A new branch's push starts from no commit at all.
            if [ -z "${PUSH_BEFORE:-}" ] || [ -z "${PUSH_BEFORE//0/}" ]; then
                say "a push with no earlier commit: scanning everything"
                return
            fi
            git fetch --quiet --no-tags origin "$PUSH_BEFORE" 2> /dev/null || true
            if git cat-file -e "$PUSH_BEFORE^{commit}" 2> /dev/null; then
                echo "$PUSH_BEFORE"
            else
                say "cannot find $PUSH_BEFORE: scanning everything"
            fi
            ;;
        *)
            say "event '${GITHUB_EVENT_NAME:-}' has no base: scanning everything"
            ;;
    esac
}

install

arguments=()
if [ "${INPUT_CHANGED_LINES_ONLY:-false}" = "true" ]; then
    base=$(base_revision)
    if [ -n "$base" ]; then
        say "reporting lines changed since $base"
        arguments+=(--changed-since "$base")
    fi
fi
# Word splitting is wanted: the inputs are space-separated lists.
# shellcheck disable=SC2206
extra=(${INPUT_ARGS:-})
# shellcheck disable=SC2206
paths=(${INPUT_PATHS:-.})

if [ -n "${INPUT_SARIF:-}" ]; then
    pollcheck --format sarif --exit-zero "${arguments[@]}" "${extra[@]}" "${paths[@]}" \
        > "$INPUT_SARIF"
    say "wrote $INPUT_SARIF"
fi
status=0
pollcheck --format github "${arguments[@]}" "${extra[@]}" "${paths[@]}" || status=$?
exit "$status"
