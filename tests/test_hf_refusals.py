"""Checkpoints that must be refused — each with one clear line (exit status 2 on the command line),
nothing from the folder run, nothing allocated for an absurd config — and a hub id from the cache."""
import json
import os
import pickle
import shutil
import sys

import pytest
import torch
from hf_builders import build_marian
from safetensors.torch import load_file, save_file

from core.errors import UserError
from core.hf import open_checkpoint
from explorer.cli import main


@pytest.fixture(scope="module")
def good(tmp_path_factory):
    root = tmp_path_factory.mktemp("refusals")
    build_marian(root / "tiny", bin_copy=root / "tiny-bin")
    return root


@pytest.fixture
def folder(good, tmp_path):
    """A fresh copy of the good safetensors checkpoint, to break."""
    return shutil.copytree(good / "tiny", tmp_path / "ck")


def config(folder, **changes):
    data = json.loads((folder / "config.json").read_text())
    data.update(changes)
    (folder / "config.json").write_text(json.dumps(data))


def refused(folder, *words, capsys=None):
    """Refused by the loader (a ModelFileError naming `words`) and by the CLI (exit 2, one line, no traceback)."""
    with pytest.raises(UserError) as e:
        open_checkpoint(folder)
    for w in words:
        assert w in str(e.value), (w, str(e.value))
    if capsys is not None:
        capsys.readouterr()
        assert main(["translate", "我", "--model", str(folder)]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "Traceback" not in err and words[0] in err, err


class Payload:
    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return os.mkdir, (str(self.marker),)       # unpickling this would create a folder


@pytest.mark.parametrize("how", ["pickle", "torch.save"])
def test_a_pickle_payload_in_pytorch_model_bin_never_runs(good, tmp_path, capsys, how):
    folder = shutil.copytree(good / "tiny-bin", tmp_path / "ck")
    marker = tmp_path / "payload-ran"
    weights = folder / "pytorch_model.bin"
    state = torch.load(weights, weights_only=True)
    state["model.shared.weight"] = Payload(marker)
    if how == "pickle":
        weights.write_bytes(pickle.dumps(state))
    else:
        torch.save(state, weights)
    refused(folder, "pytorch_model.bin", "refused", capsys=capsys)
    assert not marker.exists()


def test_auto_map_and_a_modeling_file_are_refused_and_nothing_is_imported(folder, capsys, tmp_path):
    marker = tmp_path / "imported"
    (folder / "modeling_evil.py").write_text(f"import os\nos.mkdir({str(marker)!r})\nclass EvilModel: pass\n")
    config(folder, auto_map={"AutoModelForSeq2SeqLM": "modeling_evil.EvilModel"})
    refused(folder, "auto_map", "never runs code", capsys=capsys)
    assert not marker.exists() and "modeling_evil" not in sys.modules


def test_auto_map_in_the_tokenizer_config_is_refused(folder):
    data = json.loads((folder / "tokenizer_config.json").read_text())
    data["auto_map"] = {"AutoTokenizer": ["tokenization_evil.EvilTokenizer", None]}
    (folder / "tokenizer_config.json").write_text(json.dumps(data))
    refused(folder, "tokenizer_config.json", "auto_map")


@pytest.mark.parametrize("changes,named", [
    ({"d_model": 10 ** 7}, "d_model"),
    ({"vocab_size": 10 ** 9, "decoder_vocab_size": 10 ** 9}, "vocabulary"),
    ({"encoder_layers": 100_000}, "enc layers"),
    ({"d_model": 8192, "encoder_ffn_dim": 65536, "decoder_ffn_dim": 65536, "encoder_layers": 64,
      "decoder_layers": 64, "encoder_attention_heads": 64, "decoder_attention_heads": 64}, "parameters"),
    ({"max_position_embeddings": -1}, "max positions"),
])
def test_absurd_sizes_are_refused_before_anything_is_read_or_allocated(folder, capsys, changes, named):
    (folder / "model.safetensors").unlink()        # refused from config.json alone: the weights are never needed
    config(folder, **changes)
    refused(folder, named, capsys=capsys)


@pytest.mark.parametrize("changes,named", [
    ({"model_type": "t5"}, "'t5'"),
    ({"normalize_before": True}, "normalize_before"),
    ({"activation_function": "mish"}, "mish"),
    ({"architectures": ["MarianForCausalLM"]}, "MarianForCausalLM"),
    ({"decoder_ffn_dim": 64}, "d_ff"),
])
def test_unsupported_model_types_and_switches_are_named(folder, capsys, changes, named):
    config(folder, **changes)
    refused(folder, named, capsys=capsys)


@pytest.mark.parametrize("name", ["source.spm", "target.spm", "vocab.json"])
def test_a_missing_tokenizer_file_is_named(folder, capsys, name):
    (folder / name).unlink()
    refused(folder, name, capsys=capsys)


@pytest.mark.parametrize("name", ["source.spm", "vocab.json"])
def test_a_broken_tokenizer_file_is_refused(folder, capsys, name):
    (folder / name).write_bytes(b"\x00 not a tokenizer \xff")
    refused(folder, "tokenizer could not be read", capsys=capsys)


def test_unexpected_missing_and_misshapen_tensors_are_named(folder):
    state = load_file(str(folder / "model.safetensors"))
    save_file({**state, "model.encoder.extra.weight": torch.zeros(2)}, str(folder / "model.safetensors"))
    refused(folder, "model.encoder.extra.weight")
    save_file({k: v for k, v in state.items() if "layers.1.fc1.weight" not in k}, str(folder / "model.safetensors"))
    refused(folder, "ffn.w_1")
    state["model.decoder.layers.0.fc2.bias"] = torch.zeros(7)
    save_file(state, str(folder / "model.safetensors"))
    refused(folder, "decoder.0.ffn.w_2.bias", "(7,)")


def test_no_weights_and_a_missing_config_are_named(folder, tmp_path):
    (folder / "model.safetensors").unlink()
    refused(folder, "no weights")
    (folder / "config.json").unlink()
    (folder / "src_vocab.json").write_text("{}")   # not ours either
    with pytest.raises(UserError):
        open_checkpoint(folder)


def test_a_hub_id_opens_from_the_local_cache_without_network(good, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    cache = tmp_path / "hub"
    revision = "0123456789abcdef0123456789abcdef01234567"
    shutil.copytree(good / "tiny", cache / "models--tiny--marian" / "snapshots" / revision)
    (cache / "models--tiny--marian" / "refs").mkdir()
    (cache / "models--tiny--marian" / "refs" / "main").write_text(revision)
    ck = open_checkpoint("tiny/marian", cache_dir=cache)
    assert ck.name == "tiny/marian" and ck.arch.family == "marian" and ck.folder.name == revision
    with pytest.raises(UserError, match="--download"):
        open_checkpoint("tiny/not-cached", cache_dir=cache)
    import huggingface_hub.constants as hub

    monkeypatch.setattr(hub, "HF_HUB_CACHE", str(cache))      # the CLI uses the default cache (HF_HOME)
    capsys.readouterr()
    assert main(["info", "--model", "tiny/marian"]) == 0
    assert "marian" in capsys.readouterr().out
    assert main(["translate", "我", "--model", "tiny/not-cached"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--download" in err


def test_cli_trace_and_info_on_a_checkpoint(good, tmp_path, capsys):
    out = tmp_path / "t.npz"
    assert main(["trace", "我爱中国", "--model", str(good / "tiny-bin"), "--out", str(out)]) == 0
    from core.trace import Trace

    meta = Trace.load(out).meta
    assert meta["family"] == "marian" and meta["src_tokens"][-1] == "</s>"
    capsys.readouterr()
    assert main(["info", "--model", str(good / "tiny")]) == 0
    text = capsys.readouterr().out
    assert "marian" in text and "sinusoidal-half" in text and "parameters" in text


def test_the_bundled_model_needs_no_hf_extra_and_a_checkpoint_says_how_to_get_it(good):
    import subprocess

    blocked = "('transformers', 'huggingface_hub', 'sentencepiece', 'tokenizers')"
    code = (f"import sys\nfor m in {blocked}: sys.modules[m] = None\n"
            "from core.translator import Translator\nprint(Translator.load().translate('我爱中国'))\n"
            f"from explorer.cli import main\nsys.exit(main(['info', '--model', {str(good / 'tiny')!r}]))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    assert done.returncode == 2, done.stderr
    assert done.stdout.strip() == "i love china"
    assert done.stderr.count("\n") == 1 and "hf extra" in done.stderr and "pip install" in done.stderr


def test_export_of_a_checkpoint_with_unequal_depths(good, tmp_path, capsys):
    """3 encoder and 2 decoder layers: one view of any existing layer is drawn; a layer past the
    decoder's depth, or the whole-run export (one layer count for both stacks), is one line, exit 2."""
    model = ["--model", str(good / "tiny")]
    assert main(["export", "我爱中国", "--view", "enc.self", "--layer", "2", "--head", "1",
                 "--out", str(tmp_path / "e.png"), *model]) == 0
    assert (tmp_path / "e.png").stat().st_size > 0
    capsys.readouterr()
    for args in (["--view", "dec.cross", "--layer", "2", "--out", str(tmp_path / "d.png")],
                 ["--all", "--out", str(tmp_path / "all")]):
        assert main(["export", "我爱中国", *args, *model]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "Traceback" not in err
    assert not (tmp_path / "d.png").exists() and not (tmp_path / "all").exists()
