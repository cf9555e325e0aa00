"""Deploy a built site so that readers never see a half-written one.

- directory (local): each build is copied to `<path>.releases/<stamp>/`, then the symlink
  `<path>` is switched to it in one rename; the previous release stays for a rollback.
- directory (remote, `user@host:path`): rsync with `--delay-updates`, which moves every new
  file into place only at the end of the transfer.
- gh-pages: one commit of the whole site (ghp-import) pushed to the branch; a push updates
  the branch in one step.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from digest.errors import DigestError

REMOTE_PATH = re.compile(r"^[\w.-]+@[\w.-]+:")
KEEP_RELEASES = 3


def publish(site: Path, target: dict[str, Any] | None) -> str:
    """Deploy `site` (a built output folder) to the target; returns a one-line description."""
    if not target:
        raise DigestError("publishconf.py", "no target: set DIGEST_PUBLISH", field="DIGEST_PUBLISH")
    if not (site / "index.html").is_file():
        raise DigestError(site, "not a built site (no index.html)")
    kind = target.get("type")
    if kind == "directory":
        destination = str(target.get("path") or "")
        if not destination:
            raise DigestError(
                "publishconf.py", "directory target needs a path", field="DIGEST_PUBLISH"
            )
        if REMOTE_PATH.match(destination):
            return publish_rsync(site, destination)
        return publish_directory(site, Path(destination))
    if kind == "gh-pages":
        return publish_gh_pages(
            site, str(target.get("repo") or ""), target.get("branch") or "gh-pages"
        )
    raise DigestError("publishconf.py", f"unknown target type {kind!r}", field="DIGEST_PUBLISH")


def publish_directory(site: Path, link: Path) -> str:
    if link.exists() and not link.is_symlink():
        raise DigestError(
            link,
            "exists and is not a symlink: move it away once; publishing "
            "manages it as a link to the current release",
        )
    releases = link.with_name(link.name + ".releases")
    releases.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    release = releases / stamp
    shutil.copytree(site, release)
    temporary_link = link.with_name(f".{link.name}.{stamp}.tmp")
    temporary_link.symlink_to(release.resolve(), target_is_directory=True)
    os.replace(temporary_link, link)  # the switch: one rename
    for old in sorted(releases.iterdir())[:-KEEP_RELEASES]:
        shutil.rmtree(old, ignore_errors=True)
    return f"published to {link} -> {release}"


def publish_rsync(site: Path, destination: str) -> str:
    command = [
        "rsync",
        "-rlptz",
        "--delete-after",
        "--delay-updates",
        f"{site}/",
        destination.rstrip("/") + "/",
    ]
    _run(command, destination)
    return f"published to {destination} (rsync)"


def publish_gh_pages(site: Path, repo: str, branch: str) -> str:
    import ghp_import

    if not repo:
        raise DigestError("publishconf.py", "gh-pages target needs a repo", field="DIGEST_PUBLISH")
    with tempfile.TemporaryDirectory(prefix="digest-publish-") as work:
        _run(["git", "init", "-q", work], repo)
        _run(["git", "-C", work, "remote", "add", "origin", repo], repo)
        # Fetch the branch if it exists so the new commit follows its history.
        subprocess.run(
            ["git", "-C", work, "fetch", "-q", "origin", branch], capture_output=True, check=False
        )
        cwd = os.getcwd()
        os.chdir(work)
        try:
            ghp_import.ghp_import(
                str(site.resolve()),
                branch=branch,
                remote="origin",
                push=True,
                nojekyll=True,
                mesg=f"Publish the digest site ({datetime.now(UTC):%Y-%m-%d %H:%M} UTC)",
            )
        except ghp_import.GhpError as exc:
            raise DigestError(repo, f"gh-pages publish failed: {exc.message}") from exc
        finally:
            os.chdir(cwd)
    return f"published to {repo} branch {branch}"


def _run(command: list[str], where: str) -> None:
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        reason = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["failed"]
        raise DigestError(where, f"{command[0]} failed: {reason[0]}")
