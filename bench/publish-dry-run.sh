#!/usr/bin/env bash
# A local dry run of the publishing workflow `broadsheet init` writes, step by step, timed:
# what a push costs before the story is live, on a site of N stories (default 16,000).
#
#   bench/publish-dry-run.sh [N]
#
# Each CI run starts from a fresh clone, installs Broadsheet (from `npm pack` of this
# checkout, with its dependencies from the registry), restores the cache and dist/ the run
# before saved, builds with --check --hold-invalid, records the URLs and packs dist/ as the upload
# step would. GitHub's own steps (checkout, setup-node, the Pages deploy) are not run here.
set -euo pipefail
n=${1:-16000}
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$repo/bench/work/publish-$n
rm -rf "$work" && mkdir -p "$work"
tarball=$(cd "$repo" && npm pack --silent --pack-destination "$work")
node "$repo/bin/broadsheet.js" init "$work/site" --broadsheet "file:$work/$tarball" >/dev/null
rm -f "$work/site/articles/welcome.md"
node "$repo/../shared/bench/make-corpus.mjs" "$work/site/articles" "$n" --images >/dev/null
sed -i "s|url: 'https://example.org/'|url: 'https://example.org/', search: false|" "$work/site/broadsheet.config.ts"
(cd "$work/site" && git init -q && git add -A && git -c user.name=t -c user.email=t@t commit -qm site)

step() { local name=$1; shift; local t0=$(date +%s.%N); "$@" >>"$work/log" 2>&1; local t1=$(date +%s.%N); printf '  %-22s %6.1f s\n' "$name" "$(echo "$t1 - $t0" | bc)"; }
run() {
  local label=$1; echo "$label"
  rm -rf "$work/run"
  step "checkout (clone)" git clone -q "$work/site" "$work/run"
  step "npm install" bash -c "cd '$work/run' && npm install --no-audit --no-fund --silent"
  step "restore cache" bash -c "[ -f '$work/cache.tar' ] && tar -xf '$work/cache.tar' -C '$work/run' || true"
  step "build --check" bash -c "cd '$work/run' && npx broadsheet build --check --hold-invalid --now 2026-12-06T00:00:00Z --base-url https://example.org/"
  step "record URLs (git)" bash -c "cd '$work/run' && git add published-urls.txt && (git diff --cached --quiet || (git -c user.name=t -c user.email=t@t commit -qm urls && git push -q origin HEAD:refs/heads/urls))"
  (cd "$work/site" && git merge -q --ff-only urls 2>/dev/null || git -c user.name=t -c user.email=t@t merge -q urls -m urls 2>/dev/null || true)
  step "pack dist (upload)" tar -cf "$work/dist.tar" -C "$work/run" dist
  step "save cache" tar -cf "$work/cache.tar" -C "$work/run" .broadsheet/cache dist
}
run "first publication (no cache)"
printf -- '---\ntitle: "A story published now"\ndate: 2026-12-05T23:50:00Z\nsection: world\ntags: ["france"]\nauthors: ["Zoe Novak"]\n---\nIt is news.\n' > "$work/site/articles/2026-12-05-a-story-published-now.md"
(cd "$work/site" && git add -A && git -c user.name=t -c user.email=t@t commit -qm story)
run "one story pushed (cache restored)"
printf -- '---\ntitle: "A second story published now"\ndate: 2026-12-05T23:55:00Z\nsection: world\ntags: ["france"]\nauthors: ["Zoe Novak"]\n---\nIt is news too.\n' > "$work/site/articles/2026-12-05-a-second-story.md"
(cd "$work/site" && git add -A && git -c user.name=t -c user.email=t@t commit -qm story2)
run "another story pushed (cache restored)"
