"""Finished articles and pages kept between builds (Pelican's "generator" caching layer).

Pelican can pickle its Article and Page objects and, on the next build, take every file whose
mtime did not change from that pickle instead of reading and constructing it again: at 10,000
articles that is most of a rebuild. Three things make it safe and cheap here:

- The cache folder is named for everything an object is made from besides its file: the
  plugin's code (reader, sanitizer, metadata handling) and every setting. Pelican itself would
  hand back objects made under other settings.
- An object is pickled without its settings and without the build's context (which holds
  every article: each page's pickle would carry the whole site) and gets the running build's
  when it is read back.
- A cache is written only when a file was read anew; an unchanged site writes nothing. It is
  written one object at a time (see CacheEntries) and replaces the old file only when
  complete.
"""

from __future__ import annotations

import gc
import os
import pickle
import shutil
import tempfile
from pathlib import Path
from typing import Any

from pelican.contents import Content
from pelican.generators import CachingGenerator
from pelican.urlwrappers import URLWrapper

from digest.fingerprints import PACKAGE, digest, settings_items, tree_hash

ENTRIES_PER_PICKLE = 100  # small enough to keep little in memory, large enough to load fast
KEEP_VERSIONS = 3  # cache folders kept for other settings (a publish build beside a dev one)

# The settings and context of the build being loaded: an unpickled object takes them (set when
# each generator starts, before Pelican loads its cache).
_live: dict[str, Any] = {"settings": {}, "context": {}}


def cache_folder(settings: dict[str, Any]) -> Path:
    """CACHE_PATH/content-<hash of the plugin's code and the settings>, marked as just used;
    the least recently used of the other versions beyond KEEP_VERSIONS are removed."""
    base = Path(settings["CACHE_PATH"])
    version = digest(tree_hash(PACKAGE), settings_items(settings, skip=("CACHE_PATH",)))
    folder = base / f"content-{version[:16]}"
    folder.mkdir(parents=True, exist_ok=True)
    os.utime(folder)
    others = sorted(
        (p for p in base.iterdir() if p.is_dir() and p != folder),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for old in others[KEEP_VERSIONS - 1 :]:
        shutil.rmtree(old, ignore_errors=True)
    return folder


def release() -> None:
    """The build is over: what the cache loaded is left to the collector again (a process
    that builds again, like livereload's, would keep every build's objects otherwise)."""
    gc.unfreeze()


def remember_build(generator: Any) -> None:
    """`generator_init` receiver: the settings and context unpickled objects will share."""
    _live["settings"] = generator.settings
    _live["context"] = generator.context


def _content_state(self: Content) -> dict[str, Any]:
    state = self.__dict__.copy()
    state.pop("settings", None)
    state.pop("_context", None)
    if isinstance(state.get("_content"), str):
        # The pickler encodes a str through an API that keeps the UTF-8 copy inside the str
        # object for good: 35 MB held at 10,000 Arabic articles. Encoded here, the copy is
        # temporary.
        state["_content"] = state["_content"].encode("utf-8", "surrogatepass")
    return state


def _set_content_state(self: Content, state: dict[str, Any]) -> None:
    if isinstance(state.get("_content"), bytes):
        state["_content"] = state["_content"].decode("utf-8", "surrogatepass")
    self.__dict__.update(state)
    self.settings = _live["settings"]
    self._context = _live["context"]


def _wrapper_state(self: URLWrapper) -> dict[str, Any]:
    state = self.__dict__.copy()
    state.pop("settings", None)
    return state


def _set_wrapper_state(self: URLWrapper, state: dict[str, Any]) -> None:
    self.__dict__.update(state)
    self.settings = _live["settings"]


_pelican_cache_data = CachingGenerator.cache_data


def _cache_data(self: CachingGenerator, filename: str, data: Any) -> None:
    self._digest_cache_changed = True
    _pelican_cache_data(self, filename, data)


class CacheEntries(dict):
    """Pelican's cache (file name -> (stamp, object)) pickled as small pickles of a few entries.

    Pickled whole, the site's objects stay in the pickler's memory until the end (50 MB at
    10,000 articles); a few entries at a time, only those are. Objects never refer to one
    another here (their context is left out), so nothing is lost by pickling them apart.
    Unpickling gives this dict back, filled a chunk at a time through `extend`.
    """

    def __reduce_ex__(self, protocol: Any) -> Any:
        items = list(self.items())
        chunks = (
            pickle.dumps(items[start : start + ENTRIES_PER_PICKLE], pickle.HIGHEST_PROTOCOL)
            for start in range(0, len(items), ENTRIES_PER_PICKLE)
        )
        return (CacheEntries, (), None, chunks)

    def extend(self, blobs: Any) -> None:
        # Unpickling makes objects by the hundred thousand, none of them garbage: the cyclic
        # collector would go through all of them again and again (a tenth of a rebuild).
        collecting = gc.isenabled()
        gc.disable()
        try:
            for blob in blobs:
                self.update(pickle.loads(blob))
        finally:
            # Nor afterwards: the objects live as long as the build (on_finalized unfreezes).
            gc.freeze()
            if collecting:
                gc.enable()

    def append(self, blob: bytes) -> None:
        self.extend((blob,))


def _save_cache(self: CachingGenerator) -> None:
    if not getattr(self, "_digest_cache_changed", False):
        return
    path = Path(self._cache_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    os.close(handle)
    try:
        with self._cache_open(temporary, "wb") as stream:
            pickler = pickle.Pickler(stream, pickle.HIGHEST_PROTOCOL)
            pickler.fast = True  # nothing shared between entries: no memo of every entry
            pickler.dump(CacheEntries(self._cache))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def install() -> None:
    """Patch Pelican's classes (once; the plugin calls this when it registers)."""
    Content.__getstate__ = _content_state  # type: ignore[method-assign]
    Content.__setstate__ = _set_content_state  # type: ignore[attr-defined]
    URLWrapper.__getstate__ = _wrapper_state  # type: ignore[method-assign]
    URLWrapper.__setstate__ = _set_wrapper_state  # type: ignore[attr-defined]
    CachingGenerator.cache_data = _cache_data  # type: ignore[method-assign]
    CachingGenerator.save_cache = _save_cache  # type: ignore[method-assign]
