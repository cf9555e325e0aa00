"""The ordered map on worker processes: same results, in order, as `map`, errors included."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator

import pytest
from conftest import run_on_workers

from digest import pool

MAIN = os.getpid()
# Python 3.12+ warns when forking a process that runs other threads (a test server may).
pytestmark = pytest.mark.filterwarnings(
    "ignore:This process .* is multi-threaded:DeprecationWarning"
)


@pytest.fixture
def on_workers(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every map on two workers in chunks of 3; the list counts the maps that used them."""
    return run_on_workers(monkeypatch, chunk=3)


def square_and_pid(n: int) -> tuple[int, int]:
    return n * n, os.getpid()


def fails_at_40(n: int) -> int:
    if n == 40:
        raise ValueError(f"no {n}")
    return n


def worker_dies_at_40(n: int) -> int:
    if n == 40 and os.getpid() != MAIN:
        os._exit(1)  # as if killed
    return n


def test_results_in_order_from_workers(on_workers: list[int]) -> None:
    results = list(pool.map_ordered(square_and_pid, range(60)))
    assert [square for square, _ in results] == [n * n for n in range(60)]
    assert {pid for _, pid in results} - {MAIN}  # computed elsewhere
    assert on_workers == [2]


def test_an_error_comes_after_the_results_before_it(on_workers: list[int]) -> None:
    for results in (map(fails_at_40, range(60)), pool.map_ordered(fails_at_40, range(60))):
        got: list[int] = []
        with pytest.raises(ValueError, match="no 40"):
            got.extend(results)
        assert got == list(range(40))
    assert on_workers == [2]


def test_the_workers_traceback_is_the_cause(on_workers: list[int]) -> None:
    with pytest.raises(ValueError) as raised:
        list(pool.map_ordered(fails_at_40, range(60)))
    assert isinstance(raised.value.__cause__, pool.WorkerError)
    assert "fails_at_40" in str(raised.value.__cause__)


def test_a_dead_worker_leaves_the_rest_to_the_main_process(on_workers: list[int]) -> None:
    assert list(pool.map_ordered(worker_dies_at_40, range(60))) == list(range(60))


def test_stopping_early_stops_the_workers(on_workers: list[int]) -> None:
    results: Iterator[tuple[int, int]] = pool.map_ordered(square_and_pid, range(300))
    assert next(results)[0] == 0
    results.close()  # type: ignore[attr-defined]
    assert on_workers == [2]


def test_small_inputs_stay_in_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pool, "worker_count", lambda: 2)
    monkeypatch.setattr(pool, "_can_fork", lambda: True)
    items = range(pool.MIN_ITEMS - 1)
    assert set(pool.map_ordered(lambda n: os.getpid(), items)) == {MAIN}


def test_no_fork_while_another_thread_runs() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not pool._can_fork()
    finally:
        stop.set()
        thread.join()
