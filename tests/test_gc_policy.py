"""The cycle collector while documents are run in a loop (marsad.gc_policy)."""

from __future__ import annotations

import gc

from marsad.gc_policy import CyclesCollectedRarely


class _Cyclic:
    def __init__(self) -> None:
        self.me = self


def test_collector_off_inside_cycles_collected_every_n_and_state_restored():
    assert gc.isenabled()
    try:
        with CyclesCollectedRarely(every=3) as collector:
            assert not gc.isenabled()
            gc.collect()
            _Cyclic()  # garbage only a cycle collection frees
            collector.tick()
            collector.tick()
            assert sum(isinstance(o, _Cyclic) for o in gc.get_objects()) == 1  # not collected yet
            collector.tick()  # the third document: a full collection
            assert not any(isinstance(o, _Cyclic) for o in gc.get_objects())
            assert not gc.isenabled()
        assert gc.isenabled()
        gc.disable()  # a caller that had it off keeps it off
        with CyclesCollectedRarely():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_an_exception_in_the_loop_restores_the_collector():
    try:
        with CyclesCollectedRarely():
            raise KeyError("a failing loop")
    except KeyError:
        pass
    assert gc.isenabled()
