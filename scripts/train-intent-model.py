#!/usr/bin/env python3
"""Trains the chat's intent back-up model (Content/chat/intent-model.tsv).

The cues in Content/chat/intents.yaml decide first. The model is asked only when they cannot: no cue reaches
`min_score` (where the fallback answered before), or runners-up score within `MARGIN` of the best (a conflict:
the model picks among those intents only). It reads the text as the cues do (`prepared`: traditional folded, normalised, the aliases
of crisis.yaml rewritten) and sees its character 1–3-grams.

Training data: every non-crisis utterance of Content/chat/crisis-train.jsonl and of the used-up held-out sets
the used-up held-out sets listed in Tests/ChatTests/Fixtures/used-up.txt. Never the dev set (../shared/chat, a
sanity check) nor a set still blind (the next one written).

Model: multinomial logistic regression (softmax, L2, full-batch Adam) over binary gram features; grams seen in
fewer than 2 utterances are dropped and small weights pruned, so the file stays small. Cross-validation
(5 folds over the held-out sets; the corpus always trains) reports the accuracy of cues alone, of the model
alone and of the cues with the model behind them, and the confusion of the last.

Needs python3 with numpy and PyYAML (and uconv, see train-crisis-model.py).
Usage: scripts/train-intent-model.py > Content/chat/intent-model.tsv
       scripts/train-intent-model.py --report   (cross-validated numbers and confusion, on standard error)
"""
import collections, importlib.util, json, math, random, sys
from pathlib import Path

import numpy as np
import yaml

root = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("crisis_model", root / "scripts/train-crisis-model.py")
crisis_model = importlib.util.module_from_spec(spec)
spec.loader.exec_module(crisis_model)

INTENTS = ["ask", "quiz", "lesson", "letters", "lectures", "progress", "help", "greeting", "out_of_scope"]
# Cue scores this close are a conflict the model settles.
MARGIN = float(__import__("os").environ.get("MARGIN", "3"))


class Cues:
    """The cue scorer of IntentClassifier (Sources/Chat), ported."""

    def __init__(self, path=root / "Content/chat/intents.yaml"):
        doc = yaml.safe_load(open(path, encoding="utf-8"))
        self.gap, self.min = doc.get("max_gap", 6), float(doc.get("min_score", 1))
        self.fallback, self.empty = doc.get("fallback", "out_of_scope"), doc.get("empty", "help")
        self.intents = []
        for item in doc["intents"]:
            cues = []
            for cue in item.get("cues") or []:
                text, weight = str(cue).strip(), 1.0
                head, _, tail = text.rpartition(" ")
                try:
                    weight, text = float(tail), head.strip()
                except ValueError:
                    pass
                cues.append((crisis_model.Pattern(text), weight))
            self.intents.append((item["intent"], cues))

    def scores(self, prepared):
        result = {}
        for intent, cues in self.intents:
            score = sum(w for p, w in cues if p.occurs(prepared, self.gap))
            if score != 0:
                result[intent] = score
        return result

    def candidates(self, prepared):
        """The intents the cues leave open, best first: [] when none reaches min_score, one when the cues decide,
        more when the runners-up are within MARGIN of the best (the model picks among them)."""
        scores = self.scores_cache
        ranked = sorted(((scores[i], i) for i, _ in self.intents if scores.get(i, 0) >= self.min and scores.get(i, 0) > 0),
                        key=lambda pair: -pair[0])  # stable: ties keep file order
        return [i for v, i in ranked if ranked[0][0] - v < MARGIN]

    def classify(self, prepared, model):
        """Cues first, the model where they cannot decide (IntentClassifier.classify in Swift)."""
        if not prepared:
            return self.empty, False
        self.scores_cache = self.scores(prepared)
        open_ = self.candidates(prepared)
        if len(open_) == 1:
            return open_[0], False
        z = logits(model, grams(prepared))
        among = open_ or INTENTS
        return max(among, key=lambda i: z[INTENTS.index(i)]), True

    def cue_only(self, prepared):
        if not prepared:
            return self.empty
        best = None
        for intent, _ in self.intents:
            score = self.scores_cache.get(intent, 0)
            if score >= self.min and score > 0 and score > (best[1] if best else 0):
                best = (intent, score)
        return best[0] if best else self.fallback


def grams(prepared):
    return {prepared[i:i + n] for n in (1, 2, 3) for i in range(len(prepared) - n + 1)}


def train(docs, labels, min_count=2, l2=2e-4, steps=300, rate=0.05):
    counts = collections.Counter(g for d in docs for g in d)
    vocab = sorted(g for g, c in counts.items() if c >= min_count)
    index = {g: i for i, g in enumerate(vocab)}
    rows = [np.array([index[g] for g in d if g in index], dtype=np.int64) for d in docs]
    flat = np.concatenate(rows)
    owner = np.repeat(np.arange(len(rows)), [len(r) for r in rows])
    n, k = len(docs), len(INTENTS)
    y = np.zeros((n, k))
    y[np.arange(n), [INTENTS.index(l) for l in labels]] = 1
    w = np.zeros((len(vocab), k)); b = np.zeros(k)
    mw = np.zeros_like(w); vw = np.zeros_like(w); mb = np.zeros(k); vb = np.zeros(k)
    for t in range(1, steps + 1):
        z = np.zeros((n, k))
        np.add.at(z, owner, w[flat])
        z += b
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z); p /= p.sum(axis=1, keepdims=True)
        g = (p - y) / n
        gw = np.zeros_like(w)
        np.add.at(gw, flat, g[owner])
        gw += l2 * w
        gb = g.sum(axis=0)
        mw = 0.9 * mw + 0.1 * gw; vw = 0.999 * vw + 0.001 * gw ** 2
        mb = 0.9 * mb + 0.1 * gb; vb = 0.999 * vb + 0.001 * gb ** 2
        w -= rate * (mw / (1 - 0.9 ** t)) / (np.sqrt(vw / (1 - 0.999 ** t)) + 1e-8)
        b -= rate * (mb / (1 - 0.9 ** t)) / (np.sqrt(vb / (1 - 0.999 ** t)) + 1e-8)
    weights = {g: w[i] for g, i in index.items() if np.abs(w[i]).max() >= 0.02}
    return weights, b


def logits(model, feats):
    weights, bias = model
    z = bias.copy()
    for g in feats:
        if g in weights:
            z += weights[g]
    return z


def predict(model, feats):
    return INTENTS[int(np.argmax(logits(model, feats)))]


def main():
    report = "--report" in sys.argv
    det, cues = crisis_model.Detector(), Cues()
    load = crisis_model.load
    corpus = [x for x in load("Content/chat/crisis-train.jsonl") if x["intent"] in INTENTS]
    held = [x for name in crisis_model.used_up() for x in load(f"Tests/ChatTests/Fixtures/{name}")
            if x["intent"] in INTENTS]
    prep = {id(x): det.prepared(x["text"]) for x in corpus + held}
    feats = {id(x): grams(prep[id(x)]) for x in corpus + held}
    if report:
        random.seed(20261129)
        order = list(range(len(held))); random.shuffle(order)
        results = collections.Counter(); confusion = collections.Counter(); asked = 0
        for fold in range(5):
            out = {order[j] for j in range(len(order)) if j % 5 == fold}
            items = corpus + [held[i] for i in range(len(held)) if i not in out]
            model = train([feats[id(x)] for x in items], [x["intent"] for x in items])
            for i in out:
                x = held[i]; p = prep[id(x)]
                combined, used = cues.classify(p, model)
                cue_only = cues.cue_only(p)
                by_model = predict(model, feats[id(x)]) if p else cues.empty
                asked += used
                results["cues"] += cue_only == x["intent"]
                results["model"] += by_model == x["intent"]
                results["combined"] += combined == x["intent"]
                confusion[(x["intent"], combined)] += 1
        n = len(held)
        print(f"5-fold over {n} non-crisis held-out utterances (corpus {len(corpus)} always trains), margin {MARGIN}: "
              f"cues alone {results['cues']}/{n} = {results['cues'] / n:.3f}, model alone {results['model']}/{n} = "
              f"{results['model'] / n:.3f}, cues then model {results['combined']}/{n} = {results['combined'] / n:.3f} "
              f"(model asked on {asked})", file=sys.stderr)
        print("per intent (recall of cues then model): " + ", ".join(
            f"{i} {confusion[(i, i)]}/{sum(v for (a, _), v in confusion.items() if a == i)}" for i in INTENTS), file=sys.stderr)
        for (a, b), v in sorted(confusion.items(), key=lambda kv: -kv[1]):
            if a != b:
                print(f"  {a} → {b}: {v}", file=sys.stderr)
        return
    items = corpus + held
    weights, bias = train([feats[id(x)] for x in items], [x["intent"] for x in items])
    out = sys.stdout
    out.write("# Intent back-up model for the chat: written by scripts/train-intent-model.py, do not edit by hand.\n")
    out.write("# Multinomial logistic regression over 1-3-grams of the prepared text; asked only when the cues cannot decide.\n")
    out.write(f"margin\t{MARGIN:g}\n")
    out.write("intents\t" + "\t".join(INTENTS) + "\n")
    out.write("bias\t" + "\t".join(f"{v:.3f}" for v in bias) + "\n")
    for gram in sorted(weights):
        if "\t" in gram or "\n" in gram or gram in ("margin", "intents", "bias") or gram.startswith("#"):
            continue
        out.write(gram + "\t" + "\t".join(f"{v:.2f}".rstrip("0").rstrip(".") if abs(v) >= 0.005 else "0" for v in weights[gram]) + "\n")


if __name__ == "__main__":
    main()
