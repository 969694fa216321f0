#!/usr/bin/env bash
# A sharded build measured as bench/RESULTS.md quotes it: the N shards of PROJECT built
# cold one after another (no cache, no output; the photo store kept), then merged; the wall
# time and peak memory of each (GNU time), with each one's search stage and summary.
#
#   bench/shard-run.sh PROJECT N
#
# PROJECT is a folder with articles/ and a config (for example make-corpus.mjs's corpus and
# {"title": "Bench", "url": "https://example.org/", "searchVolumeLimit": 1000}); the shards
# go to PROJECT/shards/I and the merged site to PROJECT/dist.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
project=${1:?usage: bench/shard-run.sh PROJECT N}
n=${2:?usage: bench/shard-run.sh PROJECT N}
cd "$project"
rm -rf shards dist .broadsheet/cache/shard-* .broadsheet/cache/v[0-9]*
for i in $(seq 1 "$n"); do
  sync
  /usr/bin/time -f "shard $i/$n: %e s, %M KB" node "$repo/bin/broadsheet.js" build --layouts "$repo/layouts" \
    --shard "$i/$n" --out "shards/$i" --verbose 2>&1 | grep -E '^shard|^  search |^built' || true
done
sync
/usr/bin/time -f "merge: %e s, %M KB" node "$repo/bin/broadsheet.js" merge shards/* --out dist --verbose 2>&1 |
  grep -E '^merge|^  search |^merged' || true
