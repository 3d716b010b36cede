import numpy as np
import pytest
import traitlets

from latent_widgets.widgets._arrays import (
    NDArray,
    array_from_json,
    array_to_json,
    pack_arrays,
    unpack_arrays,
)


def test_array_to_json_is_a_zero_copy_memoryview_with_dtype_and_shape():
    array = np.arange(6, dtype=np.float32).reshape(3, 2)
    payload = array_to_json(array)
    assert payload["dtype"] == "float32"
    assert payload["shape"] == [3, 2]
    assert isinstance(payload["buffer"], memoryview)
    assert np.shares_memory(np.asarray(payload["buffer"]), array)


def test_big_endian_arrays_travel_little_endian():
    array = np.arange(4, dtype=">f4")
    payload = array_to_json(array)
    raw = bytes(payload["buffer"])
    np.testing.assert_array_equal(np.frombuffer(raw, dtype="<f4"), [0, 1, 2, 3])


def test_round_trip_through_json_form():
    array = np.array([[1, -2], [3, 4]], dtype=np.int32)
    back = array_from_json(array_to_json(array))
    np.testing.assert_array_equal(back, array)
    assert back.dtype == np.int32


def test_unsupported_dtype_is_refused_in_words():
    with pytest.raises(TypeError, match="convert to one of"):
        array_to_json(np.zeros(2, dtype=np.complex64))


def test_none_stays_none():
    assert array_to_json(None) is None
    assert array_from_json(None) is None


def test_pack_and_unpack_arrays_nested():
    frame = np.arange(16, dtype=np.uint8).reshape(2, 2, 4)
    packed, buffers = pack_arrays({"ok": True, "result": {"frames": [frame], "n": np.int64(3)}})
    reference = {"dtype": "uint8", "shape": [2, 2, 4], "buffer_index": 0}
    assert packed["result"]["frames"][0] == reference
    assert packed["result"]["n"] == 3 and isinstance(packed["result"]["n"], int)
    assert len(buffers) == 1
    back = unpack_arrays(packed, [bytes(b) for b in buffers])
    np.testing.assert_array_equal(back["result"]["frames"][0], frame)


class _Holder(traitlets.HasTraits):
    points = NDArray("float32", shape=(None, 2))
    maybe = NDArray("int32", shape=(None,), allow_none=True)


def test_ndarray_trait_converts_and_checks_shape():
    holder = _Holder(points=[[1, 2], [3, 4]])
    assert holder.points.dtype == np.float32
    assert holder.points.flags.c_contiguous
    with pytest.raises(traitlets.TraitError, match=r"must have shape \(n, 2\), got \(3,\)"):
        holder.points = [1, 2, 3]
    with pytest.raises(traitlets.TraitError):
        holder.points = None
    holder.maybe = None
    assert holder.maybe is None


def test_ndarray_trait_reports_unconvertible_values():
    with pytest.raises(traitlets.TraitError, match="convertible to a float32 array"):
        _Holder(points=[["a", "b"]])


def test_non_finite_rows_finds_every_bad_row_across_chunks():
    from latent_widgets._validation import non_finite_rows

    array = np.zeros((1000, 3))
    array[[5, 6, 999], [0, 2, 1]] = [np.nan, np.inf, -np.inf]
    array[6, 0] = np.nan
    rows, count = non_finite_rows(array, chunk_values=30)  # ten rows per chunk
    assert rows.tolist() == [5, 6, 999] and count == 4
    assert non_finite_rows(np.ones((4, 2)))[0].size == 0
    big = np.full((3, 2), 1e308)  # the sum overflows, yet every value is finite
    assert non_finite_rows(big)[0].size == 0
