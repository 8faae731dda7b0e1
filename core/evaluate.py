"""How well a model translates, and how well its cross-attention aligns (the `evaluate` command).

Exact match and BLEU (sacrebleu) of greedy translations; alignment error rate (AER, Och & Ney 2003)
of every decoder layer's cross-attention against the corpus' gold word alignments:
    AER = 1 − (|A ∩ S| + |A ∩ P|) / (|A| + |S|),  S ⊆ P the sure and possible gold links.
Attention is read at word level: summed over the characters of each source word, taken from the row
that predicts target word j (the decoder's query is the word before it), each target word linked to
its highest-weighted source word. Heads averaged per layer, and every single head.
"""
from __future__ import annotations

from collections import defaultdict

import numpy as np
import torch

from .decoding import greedy
from .errors import UserError
from .model import Recorder
from .names import act_name


def _norm(text: str) -> str:
    """Case and final punctuation aside, as the quality goals say."""
    return text.lower().strip().rstrip(" .?!。？！").strip()


def _batches(items, size):
    order = sorted(range(len(items)), key=lambda i: len(items[i]))
    for k in range(0, len(order), size):
        yield order[k:k + size]


@torch.inference_mode()
def translate_all(translator, sources: list[str], batch_size: int = 64) -> list[str]:
    """Greedy translations of many sentences, batched by length."""
    encoded = [translator.encode_source(s).ids for s in sources]
    out: list[str] = [""] * len(sources)
    for batch in _batches(encoded, batch_size):
        ids = greedy(translator.model, translator.pad_ids([encoded[i] for i in batch]))
        for i, row in zip(batch, ids):
            out[i] = translator.tgt.decode(row)
    return out


@torch.inference_mode()
def alignment_counts(translator, pairs, batch_size: int = 64):
    """Per (layer, head) and per layer (heads averaged): counts |A∩S|, |A∩P|, |A|, |S| over all pairs."""
    model = translator.model
    counts = defaultdict(lambda: np.zeros(4))
    src = [translator.encode_source(p.src).ids for p in pairs]
    tgt = [translator.tgt.encode(p.tgt).ids for p in pairs]
    for batch in _batches(src, batch_size):
        rec = Recorder()
        start = translator.arch.specials.start
        model(translator.pad_ids([src[i] for i in batch]), translator.pad_ids([[start] + tgt[i] for i in batch]), rec=rec)
        for b, i in enumerate(batch):
            p = pairs[i]
            n_t = len(p.tgt.split())
            if len(tgt[i]) != n_t or len(src[i]) != len(p.src):
                continue  # tokenization disagrees with the gold words: cannot score this pair
            member = np.zeros((len(p.src), len(p.src_words)))  # character -> source word
            start = 0
            for w, word in enumerate(p.src_words):
                member[start:start + len(word), w] = 1
                start += len(word)
            sure = {(j, s) for s, j, is_sure in p.align if is_sure}
            possible = {(j, s) for s, j, _ in p.align}
            for layer in range(translator.arch.layers("dec")):
                w = rec.tensors[act_name("dec", layer, "cross", "weights")][b, :, :n_t, :len(p.src)].numpy() @ member  # (h, n_t, words)
                for head, matrix in [(h, w[h]) for h in range(translator.arch.n_heads)] + [(None, w.mean(0))]:
                    links = {(j, int(s)) for j, s in enumerate(matrix.argmax(-1))}
                    counts[(layer, head)] += (len(links & sure), len(links & possible), len(links), len(sure))
    return counts


def aer(c) -> float:
    a_s, a_p, a, s = c
    return float(1 - (a_s + a_p) / (a + s)) if a + s else float("nan")


def default_pairs(grammar: str = "core"):
    from .corpus import generate

    return generate(seed=0, grammar=grammar).heldout


def evaluate(translator, data=None, limit: int = 0, grammar: str = "core") -> dict:
    """The quality report: exact match, BLEU, the notes' sentences, AER by layer and the best head."""
    import sacrebleu

    from .corpus import read_tsv

    if data:
        try:
            pairs = read_tsv(data)
        except (ValueError, IndexError):
            from .training import read_pairs
            from .corpus import Pair

            pairs = [Pair(s, t, (), ()) for s, t in read_pairs(data)]
    else:
        pairs = default_pairs(grammar)
    if limit:
        pairs = pairs[:limit]
    if not pairs:
        raise UserError("no pairs to evaluate")
    hyps = translate_all(translator, [p.src for p in pairs])
    refs = [p.tgt for p in pairs]
    exact = np.mean([_norm(h) == _norm(r) for h, r in zip(hyps, refs)])
    bleu = sacrebleu.corpus_bleu(hyps, [refs], tokenize="none", force=True).score
    notes = {s: translator.translate(s) for s in ("我是一个学生", "我爱中国")}
    report = {"pairs": len(pairs), "exact_match": round(float(exact), 4), "bleu": round(bleu, 2),
              "examples": notes,
              "errors": [{"src": p.src, "ref": r, "hyp": h} for p, h, r in zip(pairs, hyps, refs)
                         if _norm(h) != _norm(r)][:10]}
    aligned = [p for p in pairs if p.align]
    if aligned:
        counts = alignment_counts(translator, aligned)
        layers, heads = translator.arch.layers("dec"), translator.arch.n_heads
        report["aer_by_layer"] = [round(aer(counts[(l, None)]), 4) for l in range(layers)]
        best = min(((l, h) for l in range(layers) for h in range(heads)), key=lambda k: aer(counts[k]))
        report["aer_best_head"] = {"layer": best[0], "head": best[1], "aer": round(aer(counts[best]), 4)}
        report["aer_by_head"] = [[round(aer(counts[(l, h)]), 4) for h in range(heads)] for l in range(layers)]
    return report


def format_report(r: dict) -> str:
    lines = [f"pairs        {r['pairs']}", f"exact match  {r['exact_match']:.2%}", f"BLEU         {r['bleu']:.2f}"]
    for s, t in r["examples"].items():
        lines.append(f"  {s} → {t}")
    if "aer_by_layer" in r:
        lines.append("cross-attention AER by decoder layer (heads averaged): "
                     + "  ".join(f"{l}: {a:.1%}" for l, a in enumerate(r["aer_by_layer"])))
        b = r["aer_best_head"]
        lines.append(f"best single head: layer {b['layer']} head {b['head']}, AER {b['aer']:.1%}")
    for e in r["errors"][:5]:
        lines.append(f"  miss: {e['src']} → {e['hyp']}   (reference: {e['ref']})")
    return "\n".join(lines)
