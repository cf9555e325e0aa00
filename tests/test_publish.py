"""Publishing: a local directory switched in one rename, and a gh-pages branch of a bare repo."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from digest.errors import DigestError
from digest.publish import publish


def make_site(folder: Path, text: str) -> Path:
    (folder / "digests").mkdir(parents=True)
    (folder / "index.html").write_text(f"<p>{text}</p>", encoding="utf-8")
    (folder / "digests" / "index.html").write_text(text, encoding="utf-8")
    return folder


def test_directory_target_switches_in_one_step(tmp_path: Path) -> None:
    target = tmp_path / "www" / "digest"
    publish(make_site(tmp_path / "one", "الأول"), {"type": "directory", "path": str(target)})
    assert (target / "index.html").read_text(encoding="utf-8") == "<p>الأول</p>"
    first_release = target.resolve()
    publish(make_site(tmp_path / "two", "الثاني"), {"type": "directory", "path": str(target)})
    assert target.is_symlink() and target.resolve() != first_release
    assert (target / "index.html").read_text(encoding="utf-8") == "<p>الثاني</p>"
    assert (first_release / "index.html").read_text(encoding="utf-8") == "<p>الأول</p>"  # rollback
    assert not [p for p in target.parent.iterdir() if p.name.endswith(".tmp")]


def test_directory_target_refuses_a_real_folder(tmp_path: Path) -> None:
    target = tmp_path / "www"
    target.mkdir()
    with pytest.raises(DigestError, match="exists and is not a symlink"):
        publish(make_site(tmp_path / "s", "x"), {"type": "directory", "path": str(target)})


def git(*args: str, cwd: Path | None = None) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=True
    ).stdout


def test_gh_pages_branch_of_a_bare_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for key, value in {
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }.items():
        monkeypatch.setenv(key, value)
    bare = tmp_path / "site.git"
    git("init", "-q", "--bare", str(bare))
    target = {"type": "gh-pages", "repo": str(bare), "branch": "gh-pages"}
    publish(make_site(tmp_path / "one", "الأول"), target)
    publish(make_site(tmp_path / "two", "الثاني"), target)
    assert git("--git-dir", str(bare), "show", "gh-pages:index.html") == "<p>الثاني</p>"
    assert git("--git-dir", str(bare), "show", "gh-pages:.nojekyll") == ""
    assert len(git("--git-dir", str(bare), "log", "--format=%H", "gh-pages").split()) == 2


def test_no_target_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(
        DigestError, match=r"^publishconf.py: DIGEST_PUBLISH: no target: set DIGEST_PUBLISH$"
    ):
        publish(make_site(tmp_path / "s", "x"), None)
