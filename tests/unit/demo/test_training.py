"""The demos' training runs seeded on one thread and gives the caller's torch back as it was."""

from __future__ import annotations

import pytest
import torch

from latent_widgets.demo.annuli import train_annuli_classifier
from latent_widgets.demo.digits import train_digits_autoencoder
from latent_widgets.demo.shapes_vae import train_shapes_vae
from latent_widgets.demo.training import seeded_one_thread


@pytest.fixture
def two_threads():
    before = torch.get_num_threads()
    torch.set_num_threads(2)
    yield 2
    torch.set_num_threads(before)


@pytest.mark.parametrize(
    "train",
    [
        lambda: train_digits_autoencoder(epochs=2),
        lambda: train_annuli_classifier(epochs=1),
        lambda: train_shapes_vae(epochs=1, steps=2),
    ],
    ids=["digits", "annuli", "shapes_vae"],
)
def test_training_restores_the_thread_count_and_random_state(two_threads, train, monkeypatch):
    seen = []
    real_backward = torch.Tensor.backward

    def backward(self, *args, **kwargs):
        seen.append(torch.get_num_threads())
        return real_backward(self, *args, **kwargs)

    monkeypatch.setattr(torch.Tensor, "backward", backward)
    torch.manual_seed(123)
    state = torch.random.get_rng_state()
    train()
    assert seen and set(seen) == {1}  # every step trained on one thread
    assert torch.get_num_threads() == two_threads
    assert torch.equal(torch.random.get_rng_state(), state)


def test_the_thread_count_comes_back_when_training_fails(two_threads):
    state = torch.random.get_rng_state()
    with pytest.raises(RuntimeError, match="diverged"), seeded_one_thread(5):
        assert torch.get_num_threads() == 1
        torch.rand(3)
        raise RuntimeError("diverged")
    assert torch.get_num_threads() == two_threads
    assert torch.equal(torch.random.get_rng_state(), state)


def test_the_same_seed_gives_the_same_weights():
    first = train_digits_autoencoder(epochs=3, seed=4).state_dict()
    second = train_digits_autoencoder(epochs=3, seed=4).state_dict()
    assert all(torch.equal(first[name], second[name]) for name in first)


def test_the_default_digits_space_loads_the_shipped_weights_without_training(monkeypatch):
    import latent_widgets.demo.digits as digits

    assert digits.WEIGHTS.exists(), "the package ships digits_autoencoder.pt"

    def no_training(*args, **kwargs):
        raise AssertionError("the default arguments must not train")

    monkeypatch.setattr(digits, "train_digits_autoencoder", no_training)
    space = digits.digits_space(max_samples=100)
    assert space.latents.shape == (100, 8)
    with pytest.raises(AssertionError, match="must not train"):
        digits.digits_space(seed=1, max_samples=100)  # other arguments still train


def test_the_shipped_digits_weights_are_what_training_gives():
    from latent_widgets.demo.digits import digits_autoencoder, digits_data

    images, _ = digits_data()
    shipped, trained = digits_autoencoder(), train_digits_autoencoder(8, 400, 0)
    with torch.no_grad():
        loss = [float(torch.nn.functional.mse_loss(m(images), images)) for m in (shipped, trained)]
    # the same training on one thread; on another CPU the last digits may differ, not the fit
    assert loss[0] == pytest.approx(loss[1], rel=0.02)
    assert loss[0] < 0.02  # pixels in [0, 1]: a trained autoencoder, not a random one
