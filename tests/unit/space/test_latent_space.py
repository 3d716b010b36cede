import numpy as np
import pytest
import torch
from torch.utils.data import DataLoader, Dataset, TensorDataset

from latent_widgets.space.latent_space import LatentSpace
from tests.unit.models import AutoEncoder, ConvNet, DistributionEncoder, Exploding, TupleVAE

rng = np.random.default_rng(0)
IMAGES = torch.from_numpy(rng.random((50, 1, 8, 8), dtype=np.float32))
LABELS = torch.from_numpy(rng.integers(0, 3, size=50))


def reference_latents(model, x):
    model.eval()
    with torch.no_grad():
        return model.encode(x).numpy()


def test_tensor_data_gives_the_model_encode_in_eval_mode_and_restores_training():
    model = AutoEncoder()
    model.train()
    space = LatentSpace(model, IMAGES, progress=False)
    assert model.training is True  # restored
    want = reference_latents(model, IMAGES)
    np.testing.assert_allclose(space.latents, want, rtol=1e-5, atol=1e-6)
    assert space.latents.dtype == np.float32 and space.latents.flags.c_contiguous
    assert space.layer == "output" and space.dim == 2 and space.n == 50


def test_dataloader_items_give_labels_and_numpy_arrays_work():
    loader = DataLoader(TensorDataset(IMAGES, LABELS), batch_size=16)
    space = LatentSpace(AutoEncoder(), loader, progress=False)
    np.testing.assert_array_equal(space.labels, LABELS.numpy())
    assert space.class_names == ["0", "1", "2"]
    from_numpy = LatentSpace(AutoEncoder(), IMAGES.numpy(), batch_size=7, progress=False)
    np.testing.assert_allclose(from_numpy.latents, space.latents, rtol=1e-5, atol=1e-6)


class CountingDataset(Dataset):
    """Items (x, "cat"/"dog"), counting which indices were read."""

    def __init__(self) -> None:
        self.read: list[int] = []

    def __len__(self) -> int:
        return 1000

    def __getitem__(self, i: int):
        self.read.append(i)
        return IMAGES[i % 50], ("cat" if i % 2 else "dog")


def test_max_samples_reads_only_a_seeded_subset_and_string_labels_work():
    data = CountingDataset()
    space = LatentSpace(AutoEncoder(), data, max_samples=40, seed=5, progress=False)
    assert space.n == 40 and sorted(data.read) == space.indices.tolist()
    assert space.class_names == ["cat", "dog"]
    np.testing.assert_array_equal(space.labels, (space.indices % 2 == 0).astype(int))
    again = LatentSpace(AutoEncoder(), CountingDataset(), max_samples=40, seed=5, progress=False)
    np.testing.assert_array_equal(again.indices, space.indices)
    other = LatentSpace(AutoEncoder(), CountingDataset(), max_samples=40, seed=6, progress=False)
    assert not np.array_equal(other.indices, space.indices)


def test_max_samples_on_a_dataloader_subsets_its_dataset():
    loader = DataLoader(TensorDataset(IMAGES, LABELS), batch_size=8)
    space = LatentSpace(AutoEncoder(), loader, max_samples=10, progress=False)
    assert space.n == 10
    np.testing.assert_array_equal(space.labels, LABELS.numpy()[space.indices])
    np.testing.assert_allclose(
        space.latents, reference_latents(AutoEncoder(), IMAGES[space.indices]), rtol=1e-6
    )


def test_given_labels_index_the_full_data_under_max_samples():
    names = np.array([f"n{i}" for i in range(50)])
    space = LatentSpace(AutoEncoder(), IMAGES, labels=names, max_samples=9, progress=False)
    assert [space.class_names[c] for c in space.labels] == names[space.indices].tolist()


def test_nested_layers_captured_in_one_pass_flattened_or_pooled():
    x = torch.randn(6, 1, 8, 8)
    model = ConvNet()
    space = LatentSpace(model, x, layer=["features.0", "block.inner.conv"], progress=False)
    assert space.by_layer["features.0"].shape == (6, 4 * 8 * 8)
    assert space.by_layer["block.inner.conv"].shape == (6, 5 * 8 * 8)
    assert space.layer == "block.inner.conv"
    with torch.no_grad():
        want = model.block.inner.conv(model.features(x)).reshape(6, -1).numpy()
    np.testing.assert_allclose(space.latents, want, rtol=1e-5, atol=1e-6)
    pooled = LatentSpace(model, x, layer="block.inner.conv", pool="avg", progress=False)
    np.testing.assert_allclose(pooled.latents, want.reshape(6, 5, 64).mean(-1), atol=1e-6)
    assert not model.block.inner.conv._forward_hooks and not model.features[0]._forward_hooks
    assert space.use_layer("features.0").dim == 256


def test_unknown_layer_lists_the_nearest_valid_names():
    with pytest.raises(ValueError, match=r"no layer 'block.inner.conv2'.*block\.inner\.conv"):
        LatentSpace(ConvNet(), torch.randn(2, 1, 8, 8), layer="block.inner.conv2", progress=False)


def test_hooks_removed_and_training_restored_after_an_exception():
    model = Exploding()
    model.train()
    with pytest.raises(RuntimeError, match="boom in forward"):
        LatentSpace(model, torch.randn(3, 4), layer="after", progress=False)
    assert model.training is True
    assert not model.after._forward_hooks and not model.before._forward_hooks
    model.eval()
    with pytest.raises(RuntimeError, match="boom"):
        LatentSpace(model, torch.randn(3, 4), layer="after", progress=False)
    assert model.training is False


def test_vae_tuple_gives_mu_and_distribution_gives_its_mean():
    x = torch.randn(5, 6)
    vae = TupleVAE()
    space = LatentSpace(vae, x, progress=False)
    with torch.no_grad():
        np.testing.assert_allclose(space.latents, vae.mu(x).numpy(), rtol=1e-5, atol=1e-6)
    enc = DistributionEncoder()
    space = LatentSpace(enc, x, progress=False)
    with torch.no_grad():
        np.testing.assert_allclose(space.latents, enc.mu(x).numpy(), rtol=1e-5, atol=1e-6)


def test_encode_callable_without_a_model():
    space = LatentSpace(None, np.ones((4, 3), dtype=np.float32), encode=lambda x: x * 2,
                        progress=False)
    np.testing.assert_array_equal(space.latents, np.full((4, 3), 2.0))


def test_decode_gives_frames_in_the_input_images_shape():
    space = LatentSpace(AutoEncoder(), IMAGES, progress=False)
    frames = space.decode(space.latents[:5])
    assert frames.shape == (5, 8, 8, 4) and frames.dtype == np.uint8
    single = space.decode(space.latents[0])
    np.testing.assert_array_equal(single[0], frames[0])
    raw = space.decode_raw(space.latents[:5])
    red = frames[..., 0].reshape(5, 64)
    np.testing.assert_array_equal(red, np.rint(raw * 255).astype(np.uint8))


def test_flat_decoder_output_without_image_shape_is_refused_with_the_fix():
    flat = torch.rand(4, 784)
    with pytest.raises(ValueError, match=r"image_shape=\(28, 28\)"):  # at construction
        LatentSpace(None, flat, encode=lambda x: x[:, :2], decode=lambda z: z.repeat(1, 392),
                    progress=False)
    space = LatentSpace(None, flat, encode=lambda x: x[:, :2], decode=lambda z: z.repeat(1, 392),
                        image_shape=(28, 28), progress=False)
    assert space.decode(space.latents).shape == (4, 28, 28, 4)
    with pytest.raises(ValueError, match=r"cannot reshape 784 values"):
        space.image_shape = (27, 27)
    assert space.image_shape == (28, 28)


def test_one_dimensional_outputs_that_are_not_images_become_charts():
    space = LatentSpace(None, torch.rand(3, 5), encode=lambda x: x, decode=lambda z: z * 3,
                        progress=False)
    frames = space.decode(space.latents)
    assert frames.shape[0] == 3 and frames.shape[-1] == 4 and frames.shape[1] == 48


def test_thumbnails_of_image_inputs_only():
    space = LatentSpace(AutoEncoder(), IMAGES, progress=False)
    assert space.thumbnails.shape == (50, 8, 8, 4)
    big = torch.rand(3, 3, 64, 64)
    space = LatentSpace(None, big, encode=lambda x: x.mean(dim=(2, 3)), progress=False)
    assert space.thumbnails.shape == (3, 32, 32, 4)
    vectors = LatentSpace(TupleVAE(), torch.randn(4, 6), progress=False)
    assert vectors.thumbnails is None


def test_encode_new_inputs_matches_extraction():
    space = LatentSpace(AutoEncoder(), IMAGES, progress=False)
    np.testing.assert_allclose(space.encode(IMAGES[:3]), space.latents[:3], rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize(
    ("make", "error", "match"),
    [
        (lambda: LatentSpace(AutoEncoder(), IMAGES[:0], progress=False), ValueError, "no samples"),
        (lambda: LatentSpace(AutoEncoder(), IMAGES, labels=[1, 2], progress=False), ValueError,
         "2 labels for 50 samples"),
        (lambda: LatentSpace(None, torch.tensor([[1.0, float("nan")], [1.0, 2.0]]),
                             encode=lambda x: x, progress=False),
         ValueError, r"1 of 2 latents .* hold NaN or inf \(data rows \[0\]\)"),
        (lambda: LatentSpace(AutoEncoder(), IMAGES, device="meta", progress=False), ValueError,
         "model is on cpu"),
        (lambda: LatentSpace(None, IMAGES), ValueError, "give a model, or encode="),
        (lambda: LatentSpace(AutoEncoder(), "not data", progress=False), TypeError,
         "give a DataLoader"),
        (lambda: LatentSpace(AutoEncoder(), IMAGES, progress=False).decode(np.zeros((1, 3))),
         ValueError, r"shape \(m, 2\)"),
        (lambda: LatentSpace(TupleVAE(), torch.randn(2, 6), progress=False).decode(np.zeros(3)),
         RuntimeError, "no decoder"),
    ],
)
def test_errors_in_words(make, error, match):
    with pytest.raises(error, match=match):
        make()


def test_batches_on_another_device_than_the_model_are_explained():
    def encode(x):  # an encode that forces a device clash the way a misplaced model does
        raise RuntimeError("Expected all tensors to be on the same device, cuda:0 and cpu")

    with pytest.raises(RuntimeError, match=r"different devices.*model\.to"):
        LatentSpace(None, torch.randn(2, 3), encode=encode, progress=False)


def test_from_latents_builds_a_space_without_a_model():
    z = np.random.default_rng(0).normal(size=(20, 3)).astype(np.float32)
    space = LatentSpace.from_latents(z, labels=["a", "b"] * 10, decode=lambda b: b.repeat(1, 3))
    np.testing.assert_array_equal(space.latents, z)
    assert space.class_names == ["a", "b"] and space.has_decoder
    assert space.decode(z[:2], batch_size=1).shape[0] == 2
    with pytest.raises(ValueError, match="thumbnails must be uint8"):
        LatentSpace.from_latents(z, thumbnails=np.zeros((3, 4, 4, 4)))
    with pytest.raises(ValueError, match="hold NaN"):
        LatentSpace.from_latents(np.full((2, 2), np.nan))
