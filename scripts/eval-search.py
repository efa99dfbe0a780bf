#!/usr/bin/env python3
"""Scores `xinqiao search --batch` on judged queries: nDCG@10 (grades 1-2) and Recall@10, per kind.

Usage: scripts/eval-search.py BINARY DB QUERIES.jsonl [--half odd|even] [--per-query]
  BINARY   a built xinqiao (release for speed)
  DB       a database with the corpus imported (`xinqiao docs import --db DB corpus.jsonl`)
  QUERIES  {"qid","query","kind","relevant":{id: grade}} per line: ../shared/corpus/queries-dev.jsonl,
           Tests/SearchTests/Fixtures/queries-heldout.jsonl (60 queries written blind to the engine on
           2026-11-29; both halves, by qid number, have since been read for diagnosis: the odd half first, the
           even half once the second set below replaced it as the estimate), or
           Tests/SearchTests/Fixtures/queries-heldout2.jsonl and queries-heldout3.jsonl (60 each, written blind on
           2026-11-30; each was the estimate for a round, then its misses were read to find what kinds of wording
           fail), queries-heldout4.jsonl (60, blind; its totals were read twice, never its queries' scores), or
           queries-heldout5.jsonl and queries-heldout6.jsonl (60 each, blind; each measured once with the final
           system of 2026-11-30: the estimate for unseen queries, so --per-query is refused on them and their misses
           are never read)
"""
import collections, json, math, subprocess, sys

args = [a for a in sys.argv[1:] if not a.startswith("--")]
flags = sys.argv[1:]
if len(args) < 3:
    sys.exit(__doc__)
binary, db, path = args[:3]
half = flags[flags.index("--half") + 1] if "--half" in flags else None
per_query = "--per-query" in flags
queries = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
if half:
    queries = [q for q in queries if int("".join(c for c in q["qid"] if c.isdigit())) % 2 == (1 if half == "odd" else 0)]
if per_query and any(n in path for n in ("heldout5", "heldout6")):
    sys.exit("--per-query is refused on queries-heldout5.jsonl and queries-heldout6.jsonl: they stay unread, the estimate for unseen queries")
run = subprocess.run([binary, "search", "--batch", "--json", "--limit", "10", "--db", db],
                     input="".join(q["query"] + "\n" for q in queries), capture_output=True, text=True)
answers = [json.loads(line) for line in run.stdout.splitlines()]
if len(answers) != len(queries):
    sys.exit(f"expected {len(queries)} answers, got {len(answers)}: {run.stderr[:500]}")


def ndcg(relevant, ids):
    dcg = sum((2 ** relevant.get(i, 0) - 1) / math.log2(k + 2) for k, i in enumerate(ids[:10]))
    ideal = sum((2 ** g - 1) / math.log2(k + 2) for k, g in enumerate(sorted(relevant.values(), reverse=True)[:10]))
    return dcg / ideal if ideal else 0.0


scores = collections.defaultdict(list)
zero = 0
for query, answer in zip(queries, answers):
    ids = [hit["id"] for hit in answer["hits"]]
    zero += not ids
    n = ndcg(query["relevant"], ids)
    r = len([i for i in ids[:10] if i in query["relevant"]]) / len(query["relevant"])
    scores["all"].append((n, r))
    scores[query["kind"]].append((n, r))
    if per_query:
        print(f'{query["qid"]} {query["kind"]:10} {n:.2f} {r:.2f} {query["query"]}')
for kind, values in scores.items():
    print(f"{kind:12} n={len(values):3} nDCG@10 {sum(a for a, _ in values) / len(values):.3f} R@10 {sum(b for _, b in values) / len(values):.3f}")
print("zero-hit queries:", zero)
