#!/usr/bin/env bash
# A local dry run of the publishing workflow `broadsheet init` writes, step by step, timed:
# what a push costs before the story is live, on a site of N stories (default 16,000).
#
#   bench/publish-dry-run.sh [N]
#
# The site is made as a newsroom would: `init --broadsheet pack` (this checkout packed into
# the site's vendor/), `npm install` for the lockfile, everything committed and pushed to a
# bare repository standing in for GitHub. Each CI run then starts from a fresh shallow
# clone of it, runs `npm ci`, restores the cache and dist/ the run before saved, builds with
# --check --hold-invalid (and --defer-search for a push, as the workflow does; search is on,
# the default), runs the workflow's own "Record the URLs published" script (read from the
# publish.yml init wrote) and packs dist/ as the upload step would. The last run is the
# scheduled one at 47 past the hour, which indexes the pushed stories for search. GitHub's
# own steps (setup-node, the Pages deploy) are not run here.
set -euo pipefail
n=${1:-16000}
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$repo/bench/work/publish-$n
rm -rf "$work" && mkdir -p "$work"
node "$repo/bin/broadsheet.js" init "$work/site" --broadsheet pack >/dev/null
rm -f "$work/site/articles/welcome.md"
node "$repo/../shared/bench/make-corpus.mjs" "$work/site/articles" "$n" --images >/dev/null
(cd "$work/site" && npm install --no-audit --no-fund --silent)
git init -q --bare --initial-branch=main "$work/origin.git"
git() { command git -c user.name=t -c user.email=t@example.org "$@"; }
(cd "$work/site" && git init -q -b main && git add -A && git commit -qm site && git remote add origin "$work/origin.git" && git push -q origin main)
record=$(node -e "
  const { parse } = require('$repo/node_modules/yaml');
  const workflow = parse(require('fs').readFileSync('$work/site/.github/workflows/publish.yml', 'utf8'));
  const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
  process.stdout.write(steps.find((s) => s.name === 'Record the URLs published').run);
")

step() { local name=$1; shift; local t0=$(date +%s.%N); "$@" >>"$work/log" 2>&1; local t1=$(date +%s.%N); printf '  %-22s %6.1f s\n' "$name" "$(echo "$t1 - $t0" | bc)"; }
run() {
  local label=$1 defer=${2:-}; echo "$label"
  rm -rf "$work/run"
  step "checkout (clone)" command git clone -q --depth 1 --branch main "file://$work/origin.git" "$work/run"
  step "npm ci" bash -c "cd '$work/run' && npm ci --no-audit --no-fund --silent"
  step "restore cache" bash -c "[ -f '$work/cache.tar' ] && tar -xf '$work/cache.tar' -C '$work/run' || true"
  step "build --check" bash -c "cd '$work/run' && CI=true npx broadsheet build --check --hold-invalid $defer --now 2026-12-06T00:00:00Z --base-url https://example.org/"
  step "record URLs (git)" bash -e -c "cd '$work/run' && $record"
  step "pack dist (upload)" tar -cf "$work/dist.tar" -C "$work/run" dist
  step "save cache" tar -cf "$work/cache.tar" -C "$work/run" .broadsheet/cache dist
  (cd "$work/site" && git pull -q origin main)
}
push() {
  printf -- '---\ntitle: "%s"\ndate: %s\nsection: world\ntags: ["france"]\nauthors: ["Zoe Novak"]\n---\nIt is news.\n' "$2" "$3" >"$work/site/articles/$1.md"
  (cd "$work/site" && git add -A && git commit -qm "$2" && git push -q origin main)
}
run "first publication (no cache)"
push 2026-12-05-a-story-published-now "A story published now" 2026-12-05T23:50:00Z
run "one story pushed (cache restored)" --defer-search
push 2026-12-05-a-second-story "A second story published now" 2026-12-05T23:55:00Z
run "another story pushed (cache restored)" --defer-search
run "the run at 47 past (search brought up to date)"
