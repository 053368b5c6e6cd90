#!/usr/bin/env bash
# npm test: every suite, in order, each one counted. Ends with "N passed, M failed" alone on the
# last line and exits non-zero if anything failed or any suite ran zero tests.
set -u
shopt -s globstar nullglob
cd "$(dirname "$0")/.."
root=$(pwd)
out="$root/test-results"
rm -rf "$out" && mkdir -p "$out"
export CI="${CI:-}" FORCE_COLOR=0 NO_COLOR=1 SOLEUS_REQUIRE_POSTGRES=1

passed=0
failed=0
summary=()

record() { # suite passed failed
  passed=$((passed + $2))
  failed=$((failed + $3))
  summary+=("$(printf '%-22s %4d passed, %d failed' "$1" "$2" "$3")")
}

# A suite that ran no test counts as one failure.
record_counts() { # suite passed failed exit-code
  local p=${2:-0} f=${3:-0}
  if [ "$p" = 0 ] && [ "$f" = 0 ]; then f=1; echo "!! $1 ran no tests"; fi
  if [ "$4" != 0 ] && [ "$f" = 0 ]; then f=1; echo "!! $1 exited with $4"; fi
  record "$1" "$p" "$f"
}

step() { # suite command...: one pass or one failure
  local name=$1; shift
  echo; echo "== $name: $*"
  if "$@"; then record "$name" 1 0; else record "$name" 0 1; fi
}

node_suite() { # suite glob...: node's test runner, counted from its TAP output
  local name=$1; shift
  echo; echo "== $name"
  if [ $# = 0 ]; then record_counts "$name" 0 0 1; return; fi
  local tap="$out/$name.tap"
  node --import tsx --test --test-concurrency=1 --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination="$tap" "$@"
  local code=$?
  local p f
  p=$(grep -E '^# pass ' "$tap" | tail -1 | awk '{print $3}')
  f=$(grep -E '^# fail ' "$tap" | tail -1 | awk '{print $3}')
  record_counts "$name" "${p:-0}" "${f:-0}" "$code"
}

echo "== system dependencies"
if ! bash scripts/ensure-deps.sh; then
  record "system dependencies" 0 1
  printf '%s\n' "${summary[@]}"
  echo "$passed passed, $failed failed"
  exit 1
fi

# A throwaway PostgreSQL for the server tests, stopped whatever happens.
export PG_STATE_FILE="$out/pg-state.json"
trap 'node scripts/pg.mjs stop >/dev/null 2>&1' EXIT
if pg_url=$(node scripts/pg.mjs start); then
  export SOLEUS_TEST_POSTGRES_URL="$pg_url"
  echo "PostgreSQL for tests: $pg_url"
else
  echo "!! could not start a throwaway PostgreSQL"
fi

step "types (browser)" node_modules/.bin/tsc -p tsconfig.json --noEmit
step "types (server)" node_modules/.bin/tsc -p tsconfig.server.json --noEmit
step "lint (ESLint)" node_modules/.bin/eslint --max-warnings 0 .
step "format (Prettier)" node_modules/.bin/prettier --check --log-level warn .
step "build" node scripts/build.mjs

echo; echo "== size budgets"
node scripts/size.mjs
code=$?
if [ $code = 0 ]; then record "size budgets" 1 0; else record "size budgets" 0 1; fi

export SOLEUS_TEST_CLI=dist
node_suite "server" test/server/**/*.test.ts test/core/**/*.test.ts

# The two packages as a consumer installs them (scripts/pack.mjs, npm install of each tarball in a fresh folder, the
# server started from its bin, a strict TypeScript consumer, publint and arethetypeswrong).
node_suite "packages" test/pack/**/*.test.ts

echo; echo "== components and packaging (web-test-runner, Chromium)"
export WTR_SUMMARY_FILE="$out/wtr.json"
node_modules/.bin/wtr --config web-test-runner.config.mjs
code=$?
p=$(node -e "try{const s=require(process.argv[1]);console.log(s.passed)}catch{console.log(0)}" "$WTR_SUMMARY_FILE")
f=$(node -e "try{const s=require(process.argv[1]);console.log(s.failed)}catch{console.log(0)}" "$WTR_SUMMARY_FILE")
record_counts "components+packaging" "$p" "$f" "$code"

node_suite "end-to-end" test/e2e/**/*.test.ts

echo; echo "== stories as tests (vitest + Storybook, Chromium)"
node_modules/.bin/vitest run --project storybook --reporter=default --reporter=json --outputFile="$out/stories.json"
code=$?
p=$(node -e "try{const s=require(process.argv[1]);console.log(s.numPassedTests)}catch{console.log(0)}" "$out/stories.json")
f=$(node -e "try{const s=require(process.argv[1]);console.log(s.numFailedTests)}catch{console.log(0)}" "$out/stories.json")
record_counts "stories" "$p" "$f" "$code"

echo
echo "== summary"
printf '%s\n' "${summary[@]}"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
