#!/usr/bin/env bash
# Runs ../shared/bench/peers.py with xinqiao as one more engine, side by side with tantivy, Xapian,
# jieba+BM25 and SQLite FTS5, on settings A and AB and on the 100k scale corpus; tables go to stdout and
# to $WORK/out/. Not part of `make test` (it takes minutes and needs the bench's venv).
# Usage: scripts/bench-search.sh [WORK_DIR]   (default: xinqiao-bench in $TMPDIR)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
shared="${SHARED:-$repo/../shared}"
work="${1:-${TMPDIR:-/tmp}/xinqiao-bench}"
mkdir -p "$work"
# The shared bench folder is read-only: work on a copy beside a link to the corpus.
mkdir -p "$work/bench"
for f in "$shared"/bench/*; do cp "$f" "$work/bench/"; done
cp "$shared/bench/.gitignore" "$work/bench/" 2>/dev/null || true
chmod -R u+w "$work/bench"
ln -sfn "$shared/corpus" "$work/corpus"
(cd "$work/bench" && bash setup.sh)
(cd "$repo" && swift build -c release --product xinqiao)
x="$repo/.build/release/xinqiao"
import_cmd="$x docs import --db {index}/x.sqlite {corpus}"
search_cmd="$x search --batch --json --limit {k} --db {index}/x.sqlite"
cd "$work/bench"
for setting in A AB; do
  .venv/bin/python peers.py --setting "$setting" --external xinqiao "$import_cmd" "$search_cmd"
done
[ -f index/scale/scale-100000.jsonl ] || python3 scale_corpus.py 100000
.venv/bin/python peers.py --corpus index/scale/scale-100000.jsonl --name scale100k \
  --engines fts5-trigram,jieba-bm25s,tantivy-ngram,bigram-bm25s --repeat 5 --no-per-query \
  --external xinqiao "$import_cmd" "$search_cmd"
