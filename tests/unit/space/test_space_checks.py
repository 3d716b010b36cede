"""LatentSpace refuses, at construction and in words that name the fix, what would go wrong
later: a decoder that reads another layer or cannot be drawn, an extraction over its memory
budget, surplus labels, meta models; and it plans memory, pools per layer, reads dict items."""

import numpy as np
import pytest
import torch
from torch import nn
from torch.utils.data import DataLoader, Dataset, IterableDataset, TensorDataset

from latent_widgets.demo.digits import DigitsAutoencoder
from latent_widgets.space.latent_space import LatentSpace
from tests.unit.models import AutoEncoder, ConvNet

rng = np.random.default_rng(0)
IMAGES = torch.from_numpy(rng.random((50, 1, 8, 8), dtype=np.float32))
VECTORS = torch.from_numpy(rng.normal(size=(40, 6)).astype(np.float32))


def digits_model() -> DigitsAutoencoder:
    torch.manual_seed(0)
    return DigitsAutoencoder(latent_dim=8).eval()


# -- the decoder's layer ------------------------------------------------------------------


def test_decoder_reads_the_active_layer_by_default_and_decode_layer_names_another():
    model = digits_model()
    space = LatentSpace(model, IMAGES, layer=["encoder.1", "encoder.3"], progress=False)
    assert space.decode_layer == "encoder.3" and space.decode(space.latents[:3]).shape[0] == 3
    with pytest.raises(ValueError, match=r"pass decode_layer=.*'encoder\.3' \(8 values\)"):
        LatentSpace(model, IMAGES, layer=["encoder.3", "encoder.1"], decode=model.decode,
                    progress=False)
    other = LatentSpace(model, IMAGES, layer=["encoder.3", "encoder.1"], decode=model.decode,
                        decode_layer="encoder.3", progress=False)
    assert other.layer == "encoder.1" and other.decode_layer == "encoder.3"
    np.testing.assert_array_equal(other.decode_latents, other.by_layer["encoder.3"])
    frames = other.decode(other.by_layer["encoder.3"][:4])
    np.testing.assert_array_equal(frames, space.decode(space.latents[:4]))
    with pytest.raises(ValueError, match=r"shape \(m, 8\) \(the decoder reads layer 'encoder\.3'"):
        other.decode(other.latents[:1])


def test_the_model_decode_that_was_not_asked_for_and_does_not_fit_is_left_out_in_words():
    model = digits_model()
    space = LatentSpace(model, IMAGES, layer=["encoder.3", "encoder.1"], progress=False)
    assert not space.has_decoder and space.decode_layer is None
    assert "model.decode is not used" in space.decoder_note
    assert "decode_layer=" in space.decoder_note and space.decoder_note in space.notes
    with pytest.raises(RuntimeError, match="no decoder"):
        space.decode(space.latents[:1])


def test_decode_layer_must_be_captured_and_needs_a_decoder():
    model = digits_model()
    with pytest.raises(ValueError, match=r"decode_layer='encoder\.9' is not captured"):
        LatentSpace(model, IMAGES, layer="encoder.3", decode_layer="encoder.9", progress=False)
    with pytest.raises(ValueError, match="there is no decoder: pass decode= too"):
        LatentSpace(None, VECTORS, encode=lambda x: x, decode_layer="output", progress=False)


def test_a_decoder_giving_fewer_outputs_than_latents_is_refused_at_construction_and_later():
    with pytest.raises(ValueError, match=r"returned 1 output\(s\) for 2 latents"):
        LatentSpace(None, VECTORS, encode=lambda x: x, decode=lambda z: z[:1], progress=False)
    space = LatentSpace(None, VECTORS, encode=lambda x: x, decode=lambda z: z[:4] * 2,
                        image_shape="chart", progress=False)  # fine for 2, not for 8
    with pytest.raises(ValueError, match=r"returned 4 output\(s\) for 8 latents"):
        space.decode(space.latents[:8])


def test_outputs_that_cannot_be_drawn_are_refused_with_the_image_shape_that_fits():
    with pytest.raises(ValueError, match=r"cannot reshape 64 values to image_shape \(28, 28\)"):
        LatentSpace(None, VECTORS, encode=lambda x: x, decode=lambda z: z.repeat(1, 11)[:, :64],
                    image_shape=(28, 28), progress=False)
    # a square length is ambiguous: an 8 x 8 image, or 64 numbers?
    with pytest.raises(ValueError, match=r"pass image_shape=\(8, 8\).*\"chart\""):
        LatentSpace(None, VECTORS, encode=lambda x: x, decode=lambda z: z.repeat(1, 11)[:, :64],
                    progress=False)
    with pytest.raises(ValueError, match=r"cannot draw samples of shape \(2, 5, 7\)"):
        LatentSpace(None, VECTORS, encode=lambda x: x,
                    decode=lambda z: torch.zeros(len(z), 2, 5, 7), progress=False)


def test_decoder_errors_speak_of_the_decoder():
    with pytest.raises(ValueError, match=r"the decoder returned a str, not a tensor: decode\(z\)"
                       ) as info:
        LatentSpace(None, VECTORS, encode=lambda x: x, decode=lambda z: "a picture",
                    progress=False)
    assert "encode=" not in str(info.value)
    with pytest.raises(ValueError, match="the decoder failed on latents of layer 'output'"):
        LatentSpace(None, VECTORS, encode=lambda x: x, decode=nn.Linear(5, 3), progress=False)


def test_from_latents_checks_its_decoder_too():
    z = VECTORS.numpy()
    with pytest.raises(ValueError, match=r"returned 1 output\(s\) for 2 latents"):
        LatentSpace.from_latents(z, decode=lambda b: b[:1])
    decoder = nn.Sequential(nn.Linear(6, 64), nn.Dropout(0.5), nn.Sigmoid()).train()
    space = LatentSpace.from_latents(z, decode=decoder, image_shape=(8, 8))
    np.testing.assert_array_equal(space.decode(z[:3]), space.decode(z[:3]))  # eval: no dropout
    assert decoder.training and decoder[1].training  # and left as it was


# -- memory --------------------------------------------------------------------------------


class CountingImages(Dataset):
    def __init__(self, n: int = 100) -> None:
        self.n, self.read = n, []

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, i: int):
        self.read.append(i)
        return IMAGES[i % 50], i % 3


def test_the_memory_plan_is_the_size_of_the_result_and_is_said():
    space = LatentSpace(ConvNet(), IMAGES, layer=["features.0", "block.inner.conv"],
                        batch_size=16, progress=False)
    held = sum(z.nbytes for z in space.by_layer.values()) + space.thumbnails.nbytes
    assert space.memory.result_bytes == held
    assert space.memory.layer_bytes == {"features.0": 50 * 256 * 4,
                                        "block.inner.conv": 50 * 320 * 4}
    assert space.memory.peak_bytes > held
    assert any("the latents of 50 samples take" in note for note in space.notes)


def test_an_extraction_over_its_budget_is_refused_after_the_first_batch_with_the_options():
    data = CountingImages(100)
    with pytest.raises(MemoryError) as info:
        LatentSpace(ConvNet(), data, layer=["features.0", "block.inner.conv"], batch_size=10,
                    max_memory="40kB", progress=False)
    assert sorted(data.read) == list(range(10))  # the first batch only
    message = str(info.value)
    for fix in ("pool={'features.0': \"avg\"", "max_samples=", "capture fewer layers",
                "max_memory="):
        assert fix in message, message
    assert "budget of 40 kB" in message


def test_pool_per_layer_and_its_mistakes():
    x = torch.randn(6, 1, 8, 8)
    model = ConvNet()
    space = LatentSpace(model, x, layer=["features.0", "block.inner.conv"],
                        pool={"block.inner.conv": "max"}, progress=False)
    assert space.by_layer["features.0"].shape == (6, 256)
    with torch.no_grad():
        want = model.block.inner.conv(model.features(x)).amax(dim=(2, 3)).numpy()
    np.testing.assert_allclose(space.by_layer["block.inner.conv"], want, atol=1e-6)
    with pytest.raises(ValueError, match=r"pool= names 'head', which is not captured"):
        LatentSpace(model, x, layer="features.0", pool={"head": "avg"}, progress=False)
    with pytest.raises(ValueError, match=r"got 'mean' for 'features\.0'"):
        LatentSpace(model, x, layer="features.0", pool={"features.0": "mean"}, progress=False)


class Stream(IterableDataset):
    def __iter__(self):
        for i in range(200):
            yield IMAGES[i % 50]


def test_data_of_unknown_length_stop_as_soon_as_they_outgrow_the_budget():
    with pytest.raises(MemoryError, match=r"after \d+ samples .* the data's length is unknown"):
        LatentSpace(ConvNet(), DataLoader(Stream(), batch_size=20), layer="features.0",
                    max_memory=150_000, progress=False)
    space = LatentSpace(ConvNet(), DataLoader(Stream(), batch_size=20), layer="features.0",
                        max_memory=float("inf"), progress=False)
    assert space.n == 200


@pytest.mark.parametrize(("budget", "match"), [("lots", "is not a size"), (-5, "positive"),
                                               ([1], "number of bytes")])
def test_max_memory_must_be_a_size(budget, match):
    with pytest.raises((ValueError, TypeError), match=match):
        LatentSpace(AutoEncoder(), IMAGES, max_memory=budget, progress=False)


# -- smaller holes ---------------------------------------------------------------------------


def test_surplus_or_short_labels_are_refused_never_cut():
    with pytest.raises(ValueError, match="60 labels for 50 samples"):
        LatentSpace(AutoEncoder(), IMAGES, labels=np.zeros(60, int), progress=False)
    with pytest.raises(ValueError, match=r"10 labels for 50 samples \(before max_samples"):
        LatentSpace(AutoEncoder(), IMAGES, labels=np.zeros(10, int), max_samples=10,
                    progress=False)


def test_non_finite_latents_are_named_by_their_data_row_under_max_samples():
    data = torch.randn(30, 4)
    data[17, 2] = float("nan")
    with pytest.raises(ValueError, match=r"data rows \[17\]"):
        LatentSpace(None, data, encode=lambda x: x * 2, max_samples=29, seed=1, progress=False)


def test_a_model_on_the_meta_device_is_explained_with_the_fix_torch_accepts():
    with torch.device("meta"):
        model = AutoEncoder()
    for device in (None, "cpu"):
        with pytest.raises(ValueError, match=r"model\.to_empty\(device='cpu'\).*load_state_dict"):
            LatentSpace(model, IMAGES, device=device, progress=False)


class DictItems(Dataset):
    def __init__(self, x_key: str, y_key: str) -> None:
        self.keys = (x_key, y_key)

    def __len__(self) -> int:
        return 12

    def __getitem__(self, i: int):
        return {self.keys[0]: IMAGES[i], self.keys[1]: i % 2, "extra": "ignored"}


def test_dict_items_by_known_keys_or_by_keys_given():
    hf = LatentSpace(AutoEncoder(), DictItems("pixel_values", "labels"), progress=False)
    np.testing.assert_array_equal(hf.labels, np.arange(12) % 2)
    odd = LatentSpace(AutoEncoder(), DictItems("img", "fine_label"),
                      keys=("img", "fine_label"), progress=False)
    np.testing.assert_array_equal(odd.latents, hf.latents)
    np.testing.assert_array_equal(odd.labels, hf.labels)
    loader = DataLoader(DictItems("img", "fine_label"), batch_size=5)
    unlabelled = LatentSpace(AutoEncoder(), loader, keys=("img", None), progress=False)
    assert unlabelled.labels is None and unlabelled.n == 12
    with pytest.raises(ValueError, match=r"keys=\(input key, label key or None\)"):
        LatentSpace(AutoEncoder(), DictItems("img", "fine_label"), progress=False)
    with pytest.raises(ValueError, match="it has no 'label'"):
        LatentSpace(AutoEncoder(), DictItems("img", "y"), keys=("img", "label"), progress=False)


def test_loader_labels_and_given_labels_agree():
    loader = DataLoader(TensorDataset(IMAGES, torch.arange(50) % 4), batch_size=16)
    space = LatentSpace(AutoEncoder(), loader, max_samples=20, progress=False)
    given = LatentSpace(AutoEncoder(), loader, max_samples=20, labels=np.arange(50) % 4,
                        progress=False)
    np.testing.assert_array_equal(space.labels, given.labels)


class Raises(nn.Module):
    def forward(self, x):
        raise AssertionError("the model must not run to capture its input")


class HasInputModule(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.input = nn.Linear(6, 3)

    def forward(self, x):
        return self.input(x) * 2


def test_the_input_pseudo_layer_is_the_data_as_the_model_gets_them():
    model = digits_model()
    space = LatentSpace(model, IMAGES, layer=["input", "encoder.3"], progress=False)
    np.testing.assert_array_equal(space.by_layer["input"], IMAGES.reshape(50, -1).numpy())
    assert space.layer == "encoder.3" and space.decode_layer == "encoder.3"
    pooled = LatentSpace(model, IMAGES, layer=["input"], pool={"input": "avg"}, progress=False)
    np.testing.assert_allclose(pooled.latents[:, 0], IMAGES.mean(dim=(2, 3))[:, 0].numpy(),
                               rtol=1e-6)
    alone = LatentSpace(Raises(), VECTORS, layer="input", progress=False)  # no forward pass
    np.testing.assert_array_equal(alone.latents, VECTORS.numpy())
    own = HasInputModule()  # a module called "input" is that module
    with torch.no_grad():
        want = own.input(VECTORS).numpy()
    np.testing.assert_allclose(LatentSpace(own, VECTORS, layer="input", progress=False).latents,
                               want, rtol=1e-6)
