"""The collector is held off while pages are written, and back as it was after."""

from __future__ import annotations

import gc
import threading

from ckanext.satudata_serang.dcat.gc_pause import collector_paused


def test_paused_inside_and_back_on_after() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_back_on_after_an_error() -> None:
    try:
        with collector_paused():
            raise RuntimeError("halaman gagal")
    except RuntimeError:
        pass
    assert gc.isenabled()


def test_overlapping_pages_share_the_pause() -> None:
    first_inside, second_done = threading.Event(), threading.Event()
    seen: list[bool] = []

    def first() -> None:
        with collector_paused():
            first_inside.set()
            second_done.wait(5)
            seen.append(gc.isenabled())  # still paused: the other page ended first

    thread = threading.Thread(target=first)
    thread.start()
    first_inside.wait(5)
    with collector_paused():
        pass
    second_done.set()
    thread.join(5)
    assert seen == [False]
    assert gc.isenabled()


def test_left_off_when_it_was_off() -> None:
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
