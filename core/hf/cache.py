"""The models in the local Hugging Face cache, as the Open model dialog lists them: each with its
family and size when this app can open it, or the reason it cannot (read from config.json alone,
through huggingface_hub's own cache scan; nothing is loaded, nothing is fetched)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import UserError
from ..i18n import trans


@dataclass(frozen=True)
class CachedModel:
    repo_id: str
    folder: Path | None         # the snapshot main points to (else the newest one)
    size_bytes: int             # on disk, as huggingface_hub counts it
    family: str | None          # "marian", "bert", "gpt2" … or None when it cannot be opened
    reason: str = ""            # why not (one line), or a short description when it can
    parameters: int = 0

    @property
    def supported(self) -> bool:
        return self.family is not None


def _snapshot(repo) -> Path | None:
    revisions = sorted(repo.revisions, key=lambda r: r.last_modified, reverse=True)
    for rev in revisions:
        if "main" in rev.refs:
            return Path(rev.snapshot_path)
    return Path(revisions[0].snapshot_path) if revisions else None


def cached_models(cache_dir=None) -> list[CachedModel]:
    """Every model repository in the cache (HF_HOME's hub, or `cache_dir`), supported ones first."""
    from .locate import require_extra

    require_extra()
    from huggingface_hub import scan_cache_dir
    from huggingface_hub.errors import CacheNotFound

    from . import read_architecture

    try:
        info = scan_cache_dir(cache_dir)
    except CacheNotFound:
        return []
    out = []
    for repo in info.repos:
        if repo.repo_type != "model":
            continue
        folder = _snapshot(repo)
        family, reason, params = None, "", 0
        if folder is None:
            reason = trans._("no snapshot in the cache")
        else:
            try:
                arch, _, _ = read_architecture(folder, repo.repo_id)
                family, params = arch.family, arch.parameter_count()
                depth = " + ".join(str(arch.layers(s)) for s in arch.stacks)
                reason = trans._("{depth} layers, d_model {d_model}, {heads} heads", depth=depth, d_model=arch.d_model,
                                 heads=arch.n_heads)
            except UserError as e:
                reason = str(e)
        out.append(CachedModel(repo.repo_id, folder, int(repo.size_on_disk), family, reason, params))
    return sorted(out, key=lambda m: (not m.supported, m.repo_id.lower()))


def human_size(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000
    return f"{n:.1f} GB"
