"""Atomic writes leave nothing half-written, and what they write has the permissions a plain write gives."""
import os
import stat

import pytest

from core.atomic import atomic_folder, atomic_write_bytes
from core.errors import UserError


def plain_file_mode(tmp_path) -> int:
    probe = tmp_path / "plain"
    probe.write_bytes(b"x")
    return stat.S_IMODE(probe.stat().st_mode)


def test_a_new_file_gets_the_permissions_of_a_plain_write(tmp_path):
    target = tmp_path / "figure.png"
    atomic_write_bytes(target, b"data")
    assert target.read_bytes() == b"data"
    assert stat.S_IMODE(target.stat().st_mode) == plain_file_mode(tmp_path)
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_an_existing_file_keeps_its_permissions(tmp_path):
    target = tmp_path / "notes.csv"
    target.write_bytes(b"old")
    os.chmod(target, 0o640)
    atomic_write_bytes(target, b"new")
    assert target.read_bytes() == b"new" and stat.S_IMODE(target.stat().st_mode) == 0o640


def test_a_folder_gets_the_permissions_of_mkdir_and_failure_leaves_nothing(tmp_path):
    with atomic_folder(tmp_path / "model") as tmp:
        (tmp / "config.json").write_text("{}")
    (tmp_path / "plain_dir").mkdir()
    assert stat.S_IMODE((tmp_path / "model").stat().st_mode) == stat.S_IMODE((tmp_path / "plain_dir").stat().st_mode)
    with pytest.raises(RuntimeError):
        with atomic_folder(tmp_path / "other") as tmp:
            (tmp / "half").write_text("…")
            raise RuntimeError("interrupted")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model", "plain_dir"]


def test_a_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(UserError, match="does not exist"):
        atomic_write_bytes(tmp_path / "nowhere" / "x.png", b"")
