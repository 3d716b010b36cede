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
