"""Fetching a checkpoint from the Hugging Face hub into the standard local cache, in two steps:
`plan_download` asks the hub which of the repository's files the app opens and how big they are
(one short request, a clear UserError without a network), and `download` fetches exactly those with
huggingface_hub's own snapshot_download, reporting bytes done / total and honouring a cancel flag.

Only config, tokenizer files and one weights format are fetched (safetensors when the repository has
it, else pytorch_model.bin — read later only through torch.load(weights_only=True)); TF, Flax, ONNX
weights and modeling code never are, and nothing fetched is run or unpickled here. huggingface_hub
writes each file to a temporary name and moves it into place once whole (a cancelled or failed file
is deleted), and keeps the repository's file list (trees/COMMIT.json), so `cached_folder` tells a
complete download from a cancelled one.
"""
from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import UserError
from ..i18n import trans
from .extra import require_extra

# the files a checkpoint is opened from; anything else in a repository (tf_model.h5, rust_model.ot,
# flax, onnx, a modeling file) is never fetched
CONFIG_FILES = ["config.json", "generation_config.json"]
TOKENIZER_FILES = ["tokenizer_config.json", "special_tokens_map.json", "tokenizer.json", "vocab.json", "vocab.txt",
                   "merges.txt", "*.spm", "spiece.model", "sentencepiece.bpe.model", "added_tokens.json"]
SAFETENSORS = ["model.safetensors", "model.safetensors.index.json", "model-*-of-*.safetensors"]
PICKLED = ["pytorch_model.bin", "pytorch_model.bin.index.json", "pytorch_model-*-of-*.bin"]

#: seconds to wait for the hub before saying there is no network (huggingface_hub's own default is
#: no timeout for API calls: a dropped connection would hang the request)
NETWORK_TIMEOUT_S = 10.0
#: bytes between progress reports (and cancel checks) within a file; huggingface_hub reads
#: constants.DOWNLOAD_CHUNK_SIZE at each download and defaults to 10 MiB — seconds apart on a slow line
CHUNK_BYTES = 1 << 20


class DownloadCancelled(Exception):
    """The user cancelled: the file under way was discarded, the cache holds no partial file."""


@dataclass(frozen=True)
class DownloadPlan:
    """What `download` would fetch: the files the app opens, with their sizes on the hub."""
    repo_id: str
    commit: str
    files: tuple[tuple[str, int], ...]        # (path in the repository, bytes)

    @property
    def total_bytes(self) -> int:
        return sum(size for _, size in self.files)

    @property
    def names(self) -> list[str]:
        return [name for name, _ in self.files]


def wanted_files(names: Iterable[str]) -> list[str]:
    """Of a repository's files, those the app opens: config, tokenizer and one weights format."""
    from huggingface_hub.utils import filter_repo_objects

    names = list(names)
    has_safetensors = any(True for _ in filter_repo_objects(names, allow_patterns=SAFETENSORS))
    weights = SAFETENSORS if has_safetensors else PICKLED
    return list(filter_repo_objects(names, allow_patterns=CONFIG_FILES + TOKENIZER_FILES + weights))


def cached_folder(repo_id: str, cache_dir=None) -> Path | None:
    """The snapshot of `repo_id` (main) in the local cache when it holds every file the app opens;
    None when it is not there, or only partly (a cancelled download). No network."""
    from huggingface_hub import get_cached_repo_tree, snapshot_download
    from huggingface_hub.errors import CachedRepoTreeNotFoundError, LocalEntryNotFoundError

    try:        # the file list a download kept; a cache filled file by file (transformers) has none
        patterns = wanted_files(f.path for f in get_cached_repo_tree(repo_id, cache_dir=cache_dir))
    except (CachedRepoTreeNotFoundError, OSError, ValueError):
        patterns = None
    try:
        return Path(snapshot_download(repo_id, cache_dir=cache_dir, local_files_only=True, allow_patterns=patterns))
    except LocalEntryNotFoundError:      # IncompleteSnapshotError included: some wanted file is missing
        return None


def _no_network(repo_id: str, error: Exception) -> UserError | None:
    import httpx2
    from huggingface_hub.errors import LocalEntryNotFoundError, OfflineModeIsEnabled

    if isinstance(error, LocalEntryNotFoundError) and error.__cause__ is not None:
        error = error.__cause__         # snapshot_download's "not on the disk" after failing to reach the hub
    if isinstance(error, OfflineModeIsEnabled):
        return UserError(trans._("no network: {repo} is not in the local Hugging Face cache and HF_HUB_OFFLINE is set",
                                 repo=repo_id))
    if isinstance(error, (httpx2.TransportError, TimeoutError, ConnectionError)):
        first = (str(error).strip().splitlines() or [type(error).__name__])[0][:160]
        return UserError(trans._("no network: {repo} is not in the local Hugging Face cache and the hub cannot be "
                                 "reached ({reason})", repo=repo_id, reason=first))
    return None


def _said(repo_id: str, error: Exception) -> UserError:
    """One line for what went wrong talking to the hub."""
    from huggingface_hub.errors import GatedRepoError, RepositoryNotFoundError

    said = _no_network(repo_id, error)
    if said is not None:
        return said
    if isinstance(error, GatedRepoError):
        return UserError(trans._("{repo} is gated on the Hugging Face hub: accept its terms on huggingface.co and log in "
                                 "(hf auth login)", repo=repo_id))
    if isinstance(error, RepositoryNotFoundError):
        return UserError(trans._("{repo}: no such model on the Hugging Face hub", repo=repo_id))
    if isinstance(error, UserError):
        return error
    first = (str(error).strip().splitlines() or [""])[0][:200]
    return UserError(trans._("{repo} could not be downloaded ({kind}: {reason})", repo=repo_id,
                             kind=type(error).__name__, reason=first))


def plan_download(repo_id: str, endpoint: str | None = None, timeout: float = NETWORK_TIMEOUT_S) -> DownloadPlan:
    """Ask the hub (one request) which files of `repo_id` the app would fetch and their sizes.
    A UserError when there is no network, no such model, or nothing this app can open."""
    require_extra()
    from huggingface_hub import HfApi

    try:
        info = HfApi(endpoint=endpoint).model_info(repo_id, files_metadata=True, timeout=timeout)
    except Exception as e:  # noqa: BLE001 — every failure is one line for the user
        raise _said(repo_id, e) from None
    sizes = {s.rfilename: int(s.size or 0) for s in info.siblings or []}
    files = wanted_files(sizes)
    if "config.json" not in files:
        raise UserError(trans._("{repo} on the Hugging Face hub has no config.json: not a checkpoint this app opens",
                                repo=repo_id))
    if not any(f.endswith((".safetensors", ".bin")) for f in files):
        raise UserError(trans._("{repo} on the Hugging Face hub has no model.safetensors or pytorch_model.bin",
                                repo=repo_id))
    return DownloadPlan(repo_id, info.sha or "", tuple((f, sizes[f]) for f in files))


def _progress_bars(total: int, progress: Callable[[int, int], None] | None, cancelled: Callable[[], bool] | None):
    """A tqdm class for snapshot_download that draws nothing: its byte bar reports (done, total) to
    `progress`, and every update (each chunk of each file) raises DownloadCancelled once `cancelled()`."""
    from huggingface_hub.utils import tqdm as hub_tqdm

    lock, done = threading.Lock(), [0]

    class Bars(hub_tqdm):
        def __init__(self, *args, **kwargs):
            # snapshot_download's bar of bytes written (every file's chunks add to it)
            self.counts_bytes = kwargs.get("name") == "huggingface_hub.snapshot_download"
            kwargs["disable"] = True
            super().__init__(*args, **kwargs)

        def update(self, n=1):
            if cancelled is not None and cancelled():
                raise DownloadCancelled()
            if self.counts_bytes and n:
                with lock:
                    done[0] += int(n)
                    now = min(done[0], total)
                if progress is not None:
                    progress(now, total)
            return super().update(n)

    return Bars


def download(plan: DownloadPlan, cache_dir=None, endpoint: str | None = None,
             progress: Callable[[int, int], None] | None = None, cancelled: Callable[[], bool] | None = None,
             timeout: float = NETWORK_TIMEOUT_S) -> Path:
    """Fetch the plan's files into the local cache (huggingface_hub's layout, refs/main written) and
    return the snapshot folder. `progress(done, total)` is called from the downloading threads;
    `cancelled()` is polled at every chunk and ends the download with DownloadCancelled. Without
    either, huggingface_hub draws its own progress bars (the command line)."""
    require_extra()
    from huggingface_hub import constants, snapshot_download

    constants.DOWNLOAD_CHUNK_SIZE = min(constants.DOWNLOAD_CHUNK_SIZE, CHUNK_BYTES)
    bars = None if progress is None and cancelled is None else _progress_bars(plan.total_bytes, progress, cancelled)
    if cancelled is not None and cancelled():
        raise DownloadCancelled()
    try:
        # two files at a time, not huggingface_hub's eight: a checkpoint is a few small files and one or a few
        # big ones, and eight Python threads starting at once starved the window's thread of the GIL (200 ms)
        folder = snapshot_download(plan.repo_id, cache_dir=cache_dir, endpoint=endpoint, allow_patterns=plan.names,
                                   etag_timeout=timeout, tqdm_class=bars, max_workers=2)
    except DownloadCancelled:
        raise
    except Exception as e:  # noqa: BLE001 — a dropped network, a full disk, an HTTP error: each one line
        raise _said(plan.repo_id, e) from None
    if progress is not None:
        progress(plan.total_bytes, plan.total_bytes)      # files already cached add no bytes to the bar
    return Path(folder)
