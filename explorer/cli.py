"""The `transformer-explorer` command: the window with no arguments, and the headless commands.

Heavy imports (torch, Qt) happen inside each command, so `--help` is instant. A user error prints one
line and exits with status 2, never a traceback.
"""
from __future__ import annotations

import argparse
import json
import sys


def _translator(args):
    from core.translator import Translator

    return Translator.load(args.model, download=args.download)


def _ablations(args, cfg):
    from core.config import Ablations

    heads = Ablations.parse_heads(args.heads_off or "", cfg.n_layers, cfg.n_heads)
    return Ablations(no_pe=args.no_pe, no_scale=args.no_scale, no_causal_mask=args.no_mask, heads_off=heads)


def cmd_translate(args) -> int:
    t = _translator(args)
    print(t.translate(args.text, beam=args.beam, sample=args.sample, temperature=args.temperature,
                      top_k=args.top_k, seed=args.seed))
    note = t.note(args.text)
    if note:                     # on stderr: the translation alone stays on stdout, for pipes
        print(f"note: {note}", file=sys.stderr)
    return 0


def _text_model(args):
    """The BERT or GPT-2 checkpoint named by --model (these commands have no bundled default)."""
    from core.errors import UserError

    if not args.model:
        raise UserError(f"{args.command} needs --model DIR|HUB_ID (a {args.family} checkpoint)")
    from core.text_model import load

    return load(args.model, download=args.download)


def cmd_continue(args) -> int:
    from core.continuation import continue_text

    lm = _text_model(args)
    written = continue_text(lm, args.text, max_new_tokens=args.max_new_tokens,
                            strategy="sample" if args.sample else "greedy", temperature=args.temperature,
                            top_k=args.top_k, top_p=args.top_p, seed=args.seed)
    print(args.text + written)
    return 0


def cmd_fill_mask(args) -> int:
    from core.fill_mask import fill_mask

    result = fill_mask(_text_model(args), args.text, top_k=args.top_k)
    print(result.filled)
    tokens = result.trace.meta["src_tokens"]
    for n, (position, guesses) in enumerate(zip(result.positions, result.guesses), start=1):
        print(f"{tokens[position]} {n} (token {position}): "
              + ", ".join(f"{g.text or g.token} {g.prob:.3f}" for g in guesses))
    return 0


def cmd_trace(args) -> int:
    from core.text_model import open_model

    t = open_model(args.model, download=args.download)
    trace = t.trace(args.text, target=args.target, ablations=_ablations(args, t.cfg))
    trace.save(args.out)
    meta = trace.meta
    sides = "; ".join(f"{side} {' '.join(meta[key])}" for side, key in (("source", "src_tokens"), ("target", "tgt_tokens"))
                      if meta[key])     # an encoder-only or decoder-only model has one side
    print(f"wrote {args.out}: {len(trace.names())} arrays; {sides}")
    if meta["unknown"]:
        print(f"note: not in the vocabulary, read as <unk>: {' '.join(meta['unknown'])}")
    return 0


def cmd_info(args) -> int:
    from core.config import ModelConfig

    if args.config == "base":
        cfg, what = ModelConfig.base(args.vocab, args.tied_embeddings), "the paper's base config (not loaded: sizes only)"
    elif args.model is not None and not _is_bundled_format(args.model):
        return _checkpoint_info(args)
    else:
        t = _translator(args)
        cfg, what = t.cfg, f"{t.name}: {t.description}"
    print(what)
    for key, value in json.loads(cfg.to_json()).items():
        print(f"  {key:16} {value}")
    print(f"  {'d_k':16} {cfg.d_k}")
    print(f"  {'parameters':16} {cfg.parameter_count():,}")
    return 0


def _is_bundled_format(spec) -> bool:
    from core.translator import is_bundled_format

    return is_bundled_format(spec)


def _checkpoint_info(args) -> int:
    """A Hugging Face checkpoint: its family, the architecture read from config.json, the parameters
    counted from our loaded blocks (the whole checkpoint is loaded, so a broken one is refused here)."""
    from core.hf import open_checkpoint

    ck = open_checkpoint(args.model, download=args.download)
    print(f"{ck.name}: {ck.arch.family} checkpoint in {ck.folder}")
    for key, value in ck.arch.describe().items():
        if key == "parameters":
            continue
        if isinstance(value, dict):
            value = ", ".join(f"{k} {v}" for k, v in value.items())
        elif isinstance(value, list):
            value = ", ".join(map(str, value))
        print(f"  {key:16} {value}")
    print(f"  {'d_k':16} {ck.arch.d_k}")
    loaded = sum(p.numel() for p in ck.model.parameters())
    print(f"  {'parameters':16} {loaded:,}")
    return 0


def cmd_train(args) -> int:
    import torch

    from core.training import Progress, TrainConfig, read_pairs, train

    torch.set_num_threads(args.threads)  # a small model trains faster on one thread than on two contended ones
    seen = None                  # what the model will have seen (the generated corpus only: its words are known)
    if args.data:
        pairs = read_pairs(args.data)
        data = {"file": str(args.data)}
    else:
        from core.corpus import generate
        from core.coverage import of_corpus

        corpus = generate(seed=args.seed, n_train=args.pairs, grammar=args.grammar)
        pairs = [(p.src, p.tgt) for p in corpus.train]
        seen = of_corpus(corpus, args.seed, args.grammar)
        data = {"grammar": args.grammar, "seed": args.seed, "pairs": args.pairs}
    model_cfg = dict(n_layers=args.layers, d_model=args.d_model, n_heads=args.heads, d_ff=args.d_ff,
                     dropout=args.dropout)
    cfg = TrainConfig(steps=args.steps, batch_size=args.batch_size, warmup=args.warmup, seed=args.seed)
    bar = _progress_bar(args.steps)

    def progress(p: Progress):
        bar.update(p.step - bar.n)
        if p.step % 10 == 0 or p.step == p.steps:
            bar.set_postfix_str(f"loss {p.loss:.3f}, {p.tokens_per_s:,.0f} tok/s", refresh=False)

    try:
        translator = train(pairs, args.out, model_cfg, cfg, args.src_tokenizer, args.tgt_tokenizer, progress,
                           data)
    except KeyboardInterrupt:
        bar.close()
        print(f"interrupted: nothing was written to {args.out}", file=sys.stderr)
        return 130
    bar.close()
    if seen is not None:
        from core.coverage import save

        save(args.out, seen)
    print(f"wrote {args.out} ({len(pairs):,} pairs, {translator.cfg.parameter_count():,} parameters)")
    return 0


def _progress_bar(total):
    from tqdm import tqdm

    return tqdm(total=total, unit="step", dynamic_ncols=True, file=sys.stderr)


def trained_grammar(folder) -> str:
    """The grammar a model folder was trained on (its training.json's data record), else core."""
    try:
        return json.loads((folder / "training.json").read_text("utf-8"))["data"]["grammar"]
    except (TypeError, OSError, ValueError, KeyError):
        return "core"


def cmd_evaluate(args) -> int:
    from core.evaluate import evaluate, format_report

    translator = _translator(args)
    grammar = args.grammar or trained_grammar(translator.folder)
    report = evaluate(translator, args.data, limit=args.limit, grammar=grammar)
    print(json.dumps(report, indent=1) if args.json else format_report(report))
    return 0


def cmd_corpus(args) -> int:
    from pathlib import Path

    from core.corpus import generate, lexicon_size, write_tsv

    out = Path(args.out)
    if not out.is_dir():
        from core.errors import UserError

        raise UserError(f"folder {out} does not exist")
    corpus = generate(seed=args.seed, n_train=args.pairs, grammar=args.grammar)
    write_tsv(corpus.train, out / "train.tsv")
    write_tsv(corpus.heldout, out / "heldout.tsv")
    print(f"wrote {out / 'train.tsv'} ({len(corpus.train):,} pairs) and {out / 'heldout.tsv'} "
          f"({len(corpus.heldout):,}); {lexicon_size(args.grammar)} lexical entries")
    return 0


def cmd_gui(args) -> int:
    from explorer.app import run

    if args.download and args.model:
        from core.hf.locate import resolve

        resolve(args.model, download=True)     # into the local cache; the window then opens it from there
    return run(args.model)


def cmd_open(args) -> int:
    """`open FILE`: check the session file first (a bad one: one line, exit 2, no window), then open it."""
    from pathlib import Path

    from core.errors import UserError
    from core.session_file import read_session

    session = read_session(args.file)
    if session.model != "bundled" and not Path(session.model).is_dir():
        raise UserError(f"{Path(args.file).name}: model folder {session.model} does not exist")
    from explorer.app import run

    return run(session=session)


MODEL_HELP = ("a model folder (ours, or a Hugging Face checkpoint as save_pretrained writes it) or a hub id "
              "such as Helsinki-NLP/opus-mt-zh-en from the local Hugging Face cache (default: the bundled zh→en model)")
DOWNLOAD_HELP = "fetch a hub id that is not in the local Hugging Face cache yet (needs a network)"


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="transformer-explorer",
                                description="Watch an encoder-decoder Transformer translate, stage by stage. "
                                            "With no command, opens the window.")
    p.add_argument("--model", metavar="DIR|HUB_ID", help=MODEL_HELP)
    p.add_argument("--download", action="store_true", help=DOWNLOAD_HELP)
    p.set_defaults(func=cmd_gui)
    sub = p.add_subparsers(title="commands")

    def model_option(sp, help=MODEL_HELP):
        sp.add_argument("--model", metavar="DIR|HUB_ID", default=argparse.SUPPRESS, help=help)
        sp.add_argument("--download", action="store_true", default=argparse.SUPPRESS, help=DOWNLOAD_HELP)

    def grammar_option(sp, what="the generated grammar: core (six constructions) or beginner (those and a "
                                  "learner's HSK 1–2 constructions, core/corpus/beginner.py; the bundled model's)",
                       default="core"):
        sp.add_argument("--grammar", choices=["core", "beginner"], default=default, help=what)

    def pairs_option(sp):
        sp.add_argument("--pairs", type=int, default=60000, metavar="N",
                        help="training pairs drawn from the grammar (default 60,000; the held-out split is the same "
                             "for every N)")

    t = sub.add_parser("translate", help="translate a sentence")
    t.add_argument("text")
    t.add_argument("--beam", type=int, default=0, metavar="K", help="beam search of width K")
    t.add_argument("--sample", action="store_true", help="sample instead of greedy")
    t.add_argument("--temperature", type=float, default=1.0)
    t.add_argument("--top-k", type=int, default=0)
    t.add_argument("--seed", type=int, default=0)
    model_option(t)
    t.set_defaults(func=cmd_translate)

    co = sub.add_parser("continue", help="continue a text with a GPT-2 model (greedy, or --sample)")
    co.add_argument("text")
    co.add_argument("--max-new-tokens", type=int, default=40, metavar="N", help="write at most N tokens (default 40)")
    co.add_argument("--sample", action="store_true", help="sample instead of greedy")
    co.add_argument("--temperature", type=float, default=1.0)
    co.add_argument("--top-k", type=int, default=0, help="sample from the K likeliest tokens (0: all)")
    co.add_argument("--top-p", type=float, default=1.0, help="sample from the likeliest tokens holding P of the probability")
    co.add_argument("--seed", type=int, default=0)
    model_option(co, "a GPT-2 checkpoint: a folder as save_pretrained writes it, or a hub id such as gpt2 "
                     "from the local Hugging Face cache")
    co.set_defaults(func=cmd_continue, command="continue", family="GPT-2")

    fm = sub.add_parser("fill-mask", help="the likeliest words for each [MASK] of a text, with a BERT model")
    fm.add_argument("text")
    fm.add_argument("--top-k", type=int, default=5, metavar="K", help="guesses per [MASK] (default 5)")
    model_option(fm, "a BERT checkpoint with its masked-LM head (BertForMaskedLM): a folder as save_pretrained "
                     "writes it, or a hub id such as bert-base-uncased from the local Hugging Face cache")
    fm.set_defaults(func=cmd_fill_mask, command="fill-mask", family="BERT masked-LM")

    tr = sub.add_parser("trace", help="write every intermediate of one forward pass as .npz (docs/trace-format.md)")
    tr.add_argument("text")
    tr.add_argument("--target", help="target prefix (default: the model's greedy translation)")
    tr.add_argument("--no-pe", action="store_true", help="positional encoding off")
    tr.add_argument("--no-scale", action="store_true", help="no ÷√d_k")
    tr.add_argument("--no-mask", action="store_true", help="decoder causal mask off")
    tr.add_argument("--heads-off", metavar="L.H,…", help="zero heads: L.H (every attention of layer L) or "
                                                         "enc.self.L.H, dec.self.L.H, dec.cross.L.H")
    tr.add_argument("--out", required=True, metavar="FILE.npz")
    model_option(tr)
    tr.set_defaults(func=cmd_trace)

    i = sub.add_parser("info", help="a model's config and parameter count")
    i.add_argument("--config", choices=["base"], help="the paper's base config instead of a model folder")
    i.add_argument("--vocab", type=int, default=37000, help="vocabulary size for --config base")
    i.add_argument("--tied-embeddings", action="store_true", help="shared embeddings and output layer")
    model_option(i)
    i.set_defaults(func=cmd_info)

    tn = sub.add_parser("train", help="train a model (default data: the generated zh→en grammar corpus)")
    tn.add_argument("--data", metavar="TSV", help="source<TAB>target per line (default: the grammar corpus)")
    tn.add_argument("--out", required=True, metavar="DIR")
    tn.add_argument("--steps", type=int, default=5000)
    tn.add_argument("--batch-size", type=int, default=128)
    tn.add_argument("--warmup", type=int, default=2000)
    tn.add_argument("--layers", type=int, default=6)
    tn.add_argument("--d-model", type=int, default=64)
    tn.add_argument("--heads", type=int, default=8)
    tn.add_argument("--d-ff", type=int, default=256)
    tn.add_argument("--dropout", type=float, default=0.1)
    tn.add_argument("--src-tokenizer", choices=["char", "word"], default="char")
    tn.add_argument("--tgt-tokenizer", choices=["char", "word"], default="word")
    tn.add_argument("--seed", type=int, default=0)
    grammar_option(tn)
    pairs_option(tn)
    tn.add_argument("--threads", type=int, default=1, help="torch threads (default 1: fastest for small models)")
    tn.set_defaults(func=cmd_train)

    c = sub.add_parser("corpus", help="write the generated grammar corpus (train + held-out, with gold alignments)")
    c.add_argument("--out", required=True, metavar="DIR")
    c.add_argument("--seed", type=int, default=0)
    grammar_option(c)
    pairs_option(c)
    c.set_defaults(func=cmd_corpus)

    e = sub.add_parser("evaluate", help="exact match, BLEU and cross-attention AER on held-out data")
    e.add_argument("--data", metavar="TSV", help="pairs to score (default: the grammar corpus' held-out split)")
    e.add_argument("--limit", type=int, default=0, help="score only the first N pairs")
    e.add_argument("--json", action="store_true")
    grammar_option(e, "the grammar whose held-out split is scored when there is no --data (default: the one the "
                      "model was trained on, from its training.json; else core)", default=None)
    model_option(e)
    e.set_defaults(func=cmd_evaluate)

    o = sub.add_parser("open", help="open the window on a session file (File → Save session writes one)")
    o.add_argument("file", metavar="FILE.json")
    o.set_defaults(func=cmd_open)

    from explorer.export.headless import add_export_parser

    add_export_parser(sub)

    from explorer.bench import add_bench_parser

    add_bench_parser(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if not hasattr(args, "model"):
        args.model = None
    if not hasattr(args, "download"):
        args.download = False
    from core.errors import UserError

    try:
        return args.func(args)
    except UserError as e:
        print(f"transformer-explorer: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into `head` and the like
        sys.stderr.close()
        return 0
