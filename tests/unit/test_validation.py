"""One index validator for every index trait: integers or a boolean mask, checked before any
conversion; large selections travel as a bit mask."""

import numpy as np
import pytest
import torch
import traitlets

import latent_widgets as lw
from latent_widgets._validation import as_indices
from latent_widgets.widgets._arrays import indices_from_json, indices_to_json
from tests.unit.helpers import call

Z = np.random.default_rng(0).normal(size=(40, 3)).astype(np.float32)


@pytest.mark.parametrize(
    ("value", "match"),
    [
        (np.array([1.7, 2.2]), r"must be integers .* float64 values such as 1\.7"),
        ([1.0, 2.0], "must be integers"),
        ([2**32 + 5], r"index 4294967301, outside 0\.\.39"),
        ([-1, 3], r"index -1, outside"),
        (np.zeros((2, 2), int), "must be 1-D"),
        (np.ones(39, bool), r"a boolean mask needs one value per point \(40\), got 39"),
        (["a", "b"], "must be integers"),
        ([True, 3], "mixes True/False with numbers"),
        (None, "not None"),
    ],
)
def test_bad_indices_are_refused_in_words_before_any_conversion(value, match):
    with pytest.raises(ValueError, match=match):
        as_indices(value, 40, "selection")


def test_good_indices_masks_and_tensors():
    np.testing.assert_array_equal(as_indices([5, 1, 5, 3], 40), [1, 3, 5])
    mask = np.zeros(40, bool)
    mask[[2, 7]] = True
    np.testing.assert_array_equal(as_indices(mask, 40), [2, 7])
    np.testing.assert_array_equal(as_indices(torch.tensor([4, 2]), 40), [2, 4])
    np.testing.assert_array_equal(as_indices(np.array([3, 1, 3], np.uint64), 40), [1, 3])
    np.testing.assert_array_equal(as_indices([3, 1, 3], 40, ordered=True), [3, 1, 3])
    assert as_indices([], 40).dtype == np.int32 and as_indices([], 40).size == 0


def test_every_index_trait_of_the_explorer_uses_it_and_keeps_its_value_when_refusing():
    ex = lw.Explorer(Z, projection="pca")
    ex.selection = [1, 2]
    for trait in ("selection", "highlight", "cycle"):
        with pytest.raises(traitlets.TraitError, match="must be integers"):
            setattr(ex, trait, np.array([1.5]))
        with pytest.raises(traitlets.TraitError, match="outside 0..39"):
            setattr(ex, trait, [2**32 + 5])
    assert ex.selection.tolist() == [1, 2]
    ex.selection = np.arange(40) % 2 == 0  # a boolean mask selects its True points
    assert ex.selection.tolist() == list(range(0, 40, 2))
    ex.cycle = [5, 1, 3]
    assert ex.cycle.tolist() == [5, 1, 3]  # a cycle keeps its order


def test_large_selections_travel_as_a_bit_mask_both_ways():
    n = 10_000_000
    chosen = np.arange(0, n, 3, dtype=np.int32)
    packed = indices_to_json(chosen, n)
    assert packed["encoding"] == "mask" and len(packed["buffer"]) == 1_250_000
    np.testing.assert_array_equal(indices_from_json(packed), chosen)
    few = indices_to_json(np.array([4, 9], np.int32), n)
    assert few["dtype"] == "int32" and "encoding" not in few
    np.testing.assert_array_equal(indices_from_json(few), [4, 9])


def test_the_view_selects_by_a_command_that_confirms_with_the_count():
    ex = lw.Explorer(Z, projection="pca")
    bits = np.packbits(np.arange(40) < 30, bitorder="little")
    reply = call(ex, "_select_command",
                 {"selection": {"encoding": "mask", "n": 40, "bits": bits}})
    assert reply["ok"] and reply["result"] == {"count": 30}
    assert ex.selection.tolist() == list(range(30))
    plain = call(ex, "_select_command", {"selection": np.array([3, 5], np.int32)})
    assert plain["result"] == {"count": 2} and ex.selection.tolist() == [3, 5]
    wrong = call(ex, "_select_command",
                 {"selection": {"encoding": "mask", "n": 41, "bits": bits}})
    assert not wrong["ok"] and "mask of 41 points" in wrong["error"]["message"]
    assert ex.selection.tolist() == [3, 5]  # a failed selection changes nothing


def test_a_10_million_point_mask_from_the_view_is_set_exactly():
    n = 10_000_000
    ex = lw.Explorer(np.random.default_rng(1).normal(size=(n, 2)).astype(np.float32),
                     projection="pca")
    chosen = np.arange(0, n, 3)
    bits = np.packbits(np.arange(n) % 3 == 0, bitorder="little")
    reply = call(ex, "_select_command",
                 {"selection": {"encoding": "mask", "n": n, "bits": bits}})
    assert reply["ok"] and reply["result"] == {"count": len(chosen)}
    assert ex.selection.dtype == np.int32
    np.testing.assert_array_equal(ex.selection, chosen)
    short = call(ex, "_select_command",
                 {"selection": {"encoding": "mask", "n": n, "bits": bits[:-1]}})
    assert not short["ok"] and "takes 1,250,000 bytes, got 1,249,999" in short["error"]["message"]
    assert len(ex.selection) == len(chosen)  # a failed selection changes nothing


def test_a_selection_in_parts_is_set_once_its_last_part_came():
    n = 100_003
    ex = lw.Explorer(np.random.default_rng(2).normal(size=(n, 2)).astype(np.float32),
                     projection="pca")
    chosen = np.flatnonzero(np.arange(n) % 7 == 2)
    bits = np.packbits(np.arange(n) % 7 == 2, bitorder="little")
    cuts = [0, 4096, 8192, len(bits)]
    for k in range(3):
        part = {"encoding": "mask", "n": n, "bits": bits[cuts[k]:cuts[k + 1]]}
        reply = call(ex, "_select_command",
                     {"selection": part, "part": k, "parts": 3, "id": "a"})
        assert reply["ok"]
        if k < 2:
            assert reply["result"] == {"received": k}
            assert len(ex.selection) == 0  # nothing set before the whole selection came
    assert reply["result"] == {"count": len(chosen)}
    np.testing.assert_array_equal(ex.selection, chosen)

    picks = np.array([5, 9, 70_000, 100_002], np.int32)  # int32 parts, in order
    for k, piece in enumerate((picks[:2], picks[2:])):
        reply = call(ex, "_select_command", {"selection": piece, "part": k, "parts": 2,
                                             "id": "b"})
    assert reply["result"] == {"count": 4} and ex.selection.tolist() == picks.tolist()

    call(ex, "_select_command", {"selection": picks[:1], "part": 0, "parts": 3, "id": "c"})
    skipped = call(ex, "_select_command",
                   {"selection": picks[2:3], "part": 2, "parts": 3, "id": "c"})
    assert not skipped["ok"] and "out of order: select again" in skipped["error"]["message"]
    assert ex.selection.tolist() == picks.tolist()  # a failed selection changes nothing
    # a newer selection (another id) starts over from its first part
    call(ex, "_select_command", {"selection": picks[:1], "part": 0, "parts": 2, "id": "d"})
    call(ex, "_select_command", {"selection": picks[1:2], "part": 0, "parts": 2, "id": "e"})
    reply = call(ex, "_select_command",
                 {"selection": picks[3:], "part": 1, "parts": 2, "id": "e"})
    assert ex.selection.tolist() == [9, 100_002]
