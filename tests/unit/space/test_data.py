import numpy as np
import pytest
import torch
from torch.utils.data import DataLoader, IterableDataset

from latent_widgets.space.capture import flatten_latent, output_to_tensor
from latent_widgets.space.data import DataSource, split_item


class Stream(IterableDataset):
    def __iter__(self):
        for i in range(100):
            yield torch.full((3,), float(i)), i % 4


def test_iterable_loader_takes_the_first_samples_and_says_so():
    source = DataSource(DataLoader(Stream(), batch_size=16), max_samples=20)
    batches = list(source)
    inputs = torch.cat([b.inputs for b in batches])
    assert inputs.shape[0] == 20 and inputs[:, 0].tolist() == list(range(20))
    assert np.concatenate([b.labels for b in batches]).tolist() == [i % 4 for i in range(20)]
    assert "first 20 samples" in source.note


def test_items_as_dicts_and_tuples():
    assert split_item({"x": 1, "y": 2}) == (1, 2)
    assert split_item({"image": 1, "label": 2}) == (1, 2)
    assert split_item((1,)) == (1, None)
    assert split_item(5) == (5, None)
    with pytest.raises(ValueError, match="expected 'x'"):
        split_item({"pixels": 1})


def test_array_batches_follow_the_subset():
    data = np.arange(30, dtype=np.float32).reshape(10, 3)
    source = DataSource(data, batch_size=4, max_samples=5, seed=1)
    rows = torch.cat([b.inputs for b in source]).numpy()
    np.testing.assert_array_equal(rows, data[source.indices])
    assert len(source) == 5


def test_bad_arguments():
    with pytest.raises(ValueError, match="batch_size must be at least 1"):
        DataSource(np.zeros((3, 2)), batch_size=0)
    with pytest.raises(ValueError, match="max_samples must be at least 1"):
        DataSource(np.zeros((3, 2)), max_samples=0)


def test_outputs_to_tensors():
    t = torch.ones(2, 3)
    assert output_to_tensor({"z": t}) is t
    assert output_to_tensor({"only": t}) is t
    with pytest.raises(ValueError, match="pass encode="):
        output_to_tensor({"a": t, "b": t})
    with pytest.raises(TypeError, match="not a tensor"):
        output_to_tensor("text")
    assert flatten_latent(torch.ones(4)).shape == (4, 1)
    assert flatten_latent(torch.ones(2, 3, 4, 5), pool="max").shape == (2, 3)
    with pytest.raises(ValueError, match='pool must be "avg", "max"'):
        flatten_latent(torch.ones(2, 3, 4, 5), pool="median")
