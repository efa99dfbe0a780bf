#!/usr/bin/env python3
"""Trains the chat's crisis back-up model (Content/chat/crisis-model.tsv) from the held-out tune half.

A Bernoulli naive Bayes over character 1–3-grams of the text (lower-cased, letters and digits only): each
gram's weight is log P(gram | crisis) − log P(gram | not crisis) with add-½ smoothing, plus the prior's log
odds. The threshold is the 99th percentile of out-of-fold scores of non-crisis utterances (5-fold
cross-validation on the tune half), so the model alone adds about 1 % false alarms. The check half is
never used here. Usage: scripts/train-crisis-model.py > Content/chat/crisis-model.tsv
"""
import collections, json, math, random, sys
from pathlib import Path

root = Path(__file__).resolve().parent.parent
tune = [json.loads(line) for line in open(root / "Tests/ChatTests/Fixtures/heldout-tune.jsonl", encoding="utf-8")]


def grams(text):
    kept = "".join(c for c in text.lower() if c.isalnum())
    return {kept[i:i + n] for n in (1, 2, 3) for i in range(len(kept) - n + 1)}


def train(items):
    pos, neg = collections.Counter(), collections.Counter()
    p = n = 0
    for item in items:
        g = grams(item["text"])
        if item["crisis"]:
            pos.update(g); p += 1
        else:
            neg.update(g); n += 1
    weights = {g: math.log((pos[g] + 0.5) / (p + 1)) - math.log((neg[g] + 0.5) / (n + 1)) for g in set(pos) | set(neg)}
    return weights, math.log(p / n)


def score(model, text):
    weights, bias = model
    return bias + sum(weights.get(g, 0.0) for g in grams(text))


random.seed(20261129)
order = list(range(len(tune)))
random.shuffle(order)
out_of_fold = {}
for fold in range(5):
    held = [order[j] for j in range(len(order)) if j % 5 == fold]
    model = train([tune[order[j]] for j in range(len(order)) if j % 5 != fold])
    for j in held:
        out_of_fold[j] = score(model, tune[j]["text"])
negatives = sorted(s for j, s in out_of_fold.items() if not tune[j]["crisis"])
threshold = negatives[int(0.99 * len(negatives))]
weights, bias = train(tune)
out = sys.stdout
out.write("# Crisis back-up model for the chat: written by scripts/train-crisis-model.py, do not edit by hand.\n")
out.write("# Naive Bayes over character 1-3-grams; used only when no rule in crisis.yaml fires.\n")
out.write(f"bias\t{bias:.6f}\nthreshold\t{threshold:.6f}\n")
for gram in sorted(weights):
    if "\t" in gram or "\n" in gram:
        continue
    out.write(f"{gram}\t{weights[gram]:.4f}\n")
