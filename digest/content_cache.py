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
- A cache is written only where a file was read anew (see CacheEntries), each part replaced
  only when complete.

Loading makes objects by the hundred thousand; they are kept out of the cyclic collector for
the build's length (gc.freeze), and a process that built skips the collector's last walk over
them at exit.
"""

from __future__ import annotations

import atexit
import gc
import os
import pickle
import shutil
import tempfile
import zlib
from pathlib import Path
from typing import Any

from pelican.contents import Content
from pelican.generators import CachingGenerator
from pelican.urlwrappers import URLWrapper

from digest.files import atomic_write
from digest.fingerprints import PACKAGE, digest, settings_items, tree_hash

BUCKETS = 64  # pickles per cache: ~150 articles each at 10,000
KEEP_VERSIONS = 3  # cache folders kept for other settings (a publish build beside a dev one)

_installed = False
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
    if type(state.get("metadata")) is dict:
        state["metadata"] = dict(state["metadata"])
    _pack_texts(state)
    return state


def _set_content_state(self: Content, state: dict[str, Any]) -> None:
    _unpack_texts(state)
    self.__dict__.update(state)
    self.settings = _live["settings"]
    self._context = _live["context"]


# The pickler encodes a str through an API that keeps a UTF-8 copy inside the str object for
# good: for Arabic text that is a second copy of every string it pickles (50 MB at 10,000
# articles). The HTML and the object's own texts (its attributes and metadata values) are
# encoded here instead, into one bytes object per article, whose copy is temporary.
def _pack_texts(state: dict[str, Any]) -> None:
    texts: list[str] = []
    places: list[tuple[bool, str, int]] = []  # (in metadata?, key, index in texts)
    index_of: dict[int, int] = {}  # a text both attribute and metadata value is kept once
    for in_metadata, mapping in ((False, state), (True, state.get("metadata"))):
        if type(mapping) is not dict:
            continue
        for key, value in mapping.items():
            if type(value) is str and not value.isascii():
                if id(value) not in index_of:
                    index_of[id(value)] = len(texts)
                    texts.append(value)
                places.append((in_metadata, key, index_of[id(value)]))
                mapping[key] = None
    if texts:
        blob = "".join(texts).encode("utf-8", "surrogatepass")
        state[_TEXTS] = (places, [len(t) for t in texts], blob)


def _unpack_texts(state: dict[str, Any]) -> None:
    packed = state.pop(_TEXTS, None)
    if packed is None:
        return
    places, lengths, blob = packed
    joined, texts, start = blob.decode("utf-8", "surrogatepass"), [], 0
    for length in lengths:
        texts.append(joined[start : start + length])
        start += length
    metadata = state.get("metadata")
    for in_metadata, key, number in places:
        (metadata if in_metadata else state)[key] = texts[number]


_TEXTS = "_digest_texts"


def _wrapper_state(self: URLWrapper) -> dict[str, Any]:
    state = self.__dict__.copy()
    state.pop("settings", None)
    return state


def _set_wrapper_state(self: URLWrapper, state: dict[str, Any]) -> None:
    self.__dict__.update(state)
    self.settings = _live["settings"]


_pelican_cache_data = CachingGenerator.cache_data


def _bucket(filename: str) -> int:
    return zlib.crc32(filename.encode("utf-8", "surrogatepass")) % BUCKETS


def _cache_data(self: CachingGenerator, filename: str, data: Any) -> None:
    changed = self.__dict__.setdefault("_digest_changed_buckets", set())
    changed.add(_bucket(filename))
    _pelican_cache_data(self, filename, data)


class CacheEntries(dict):
    """Pelican's cache (file name -> (stamp, object)), kept as BUCKETS pickles in a folder
    beside the file Pelican reads, which names that folder.

    One pickle for the whole site holds every object in the pickler's memory until the end
    (50 MB at 10,000 articles), and must be written again, whole, when one article changes.
    Split by a hash of the file name, only the buckets holding a changed file are written.
    Objects never refer to one another here (their context is left out), so nothing is lost
    by pickling them apart.
    """

    folder = ""  # its name, in the running build's CACHE_PATH: the site may have moved

    def __reduce_ex__(self, protocol: Any) -> Any:
        return (load_entries, (self.folder,))


def load_entries(name: str) -> CacheEntries:
    """Unpickling the file Pelican reads calls this: every bucket of the folder, loaded."""
    entries = CacheEntries()
    entries.folder = name
    folder = Path(_live["settings"].get("CACHE_PATH", ".")) / name
    # Unpickling makes objects by the hundred thousand, none of them garbage: the cyclic
    # collector would go through all of them again and again (a tenth of a rebuild).
    collecting = gc.isenabled()
    gc.disable()
    try:
        for path in sorted(folder.glob("[0-9]*")):
            entries.update(pickle.loads(path.read_bytes()))  # OSError: Pelican starts afresh
    finally:
        # Nor afterwards: the objects live as long as the build (on_finalized unfreezes).
        gc.freeze()
        if collecting:
            gc.enable()
    return entries


def _save_cache(self: CachingGenerator) -> None:
    changed = self.__dict__.get("_digest_changed_buckets")
    if not changed:
        return
    path = Path(self._cache_path)
    folder = path.with_name(path.name + ".d")
    cache = self._cache
    if not isinstance(cache, CacheEntries) or cache.folder != folder.name:
        changed = set(range(BUCKETS))  # a new cache: every bucket
    buckets: dict[int, list[tuple[str, Any]]] = {number: [] for number in changed}
    for name, entry in cache.items():
        number = _bucket(name)
        if number in buckets:
            buckets[number].append((name, entry))
    folder.mkdir(parents=True, exist_ok=True)
    for number, items in sorted(buckets.items()):
        target = folder / f"{number:02d}"
        if items:
            atomic_write(target, pickle.dumps(dict(items), pickle.HIGHEST_PROTOCOL))
        else:
            target.unlink(missing_ok=True)
    index = CacheEntries()
    index.folder = folder.name
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    os.close(handle)
    try:
        with self._cache_open(temporary, "wb") as stream:
            pickle.dump(index, stream, pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


_pelican_relative_source_path = Content.get_relative_source_path


def _relative_source_path(self: Content, source_path: str | None = None) -> str | None:
    # Pelican works this out again (abspath, relpath) each time it is asked, several times per
    # article and build; Content.__init__ already stored it, from the same PATH.
    if not source_path and "relative_source_path" in self.__dict__:
        return self.relative_source_path
    return _pelican_relative_source_path(self, source_path)


def install() -> None:
    """Patch Pelican's classes (the plugin calls this whenever it registers)."""
    global _installed
    if not _installed:
        # At exit the interpreter's last collections walk every object of the site (about a
        # second at 10,000 articles) to free memory the system takes back anyway.
        atexit.register(gc.freeze)
        _installed = True
    Content.__getstate__ = _content_state  # type: ignore[method-assign]
    Content.__setstate__ = _set_content_state  # type: ignore[attr-defined]
    URLWrapper.__getstate__ = _wrapper_state  # type: ignore[method-assign]
    URLWrapper.__setstate__ = _set_wrapper_state  # type: ignore[attr-defined]
    CachingGenerator.cache_data = _cache_data  # type: ignore[method-assign]
    CachingGenerator.save_cache = _save_cache  # type: ignore[method-assign]
    Content.get_relative_source_path = _relative_source_path  # type: ignore[method-assign]
