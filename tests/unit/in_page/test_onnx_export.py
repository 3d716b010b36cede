"""The decoder exported to ONNX: what it reads and writes, and the user's model untouched."""

from __future__ import annotations

import functools

import numpy as np
import onnx
import pytest
import torch
from onnx import numpy_helper

from latent_widgets.in_page.onnx_export import ExportFailed, export_decoder, modules_used
from latent_widgets.space.decoding import Decoder


def decoder_of(fn, width=3, modules=()):
    return Decoder(fn, "z", width, list(modules), torch.device("cpu"), None, None)


class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        torch.manual_seed(0)
        self.body = torch.nn.Sequential(torch.nn.Linear(3, 8), torch.nn.BatchNorm1d(8),
                                        torch.nn.Dropout(0.5), torch.nn.Linear(8, 20))

    def decode(self, z):
        return torch.sigmoid(self.body(z)).reshape(-1, 4, 5)


def test_the_model_reads_z_with_a_free_batch_axis_and_writes_x():
    net = Net()
    model, warned = export_decoder(decoder_of(net.decode, modules=[net]))
    graph = onnx.load_model_from_string(model).graph
    (z,), (x,) = graph.input, graph.output
    assert (z.name, x.name) == ("z", "x") and warned == []
    assert z.type.tensor_type.shape.dim[0].dim_param == "n"
    assert [d.dim_value for d in z.type.tensor_type.shape.dim[1:]] == [3]
    weights = {numpy_helper.to_array(t).shape for t in graph.initializer}
    assert (8, 3) in weights or (3, 8) in weights  # the first layer's weights travel with it


def test_the_users_model_is_left_exactly_as_it_was():
    net = Net()
    net.train()
    net.body[1].eval()  # a frozen BatchNorm inside a model in training
    flags = [m.training for m in net.modules()]
    state = {k: v.clone() for k, v in net.state_dict().items()}
    grads = [p.requires_grad for p in net.parameters()]
    export_decoder(decoder_of(lambda z: net.decode(z)))  # a closure: modules found in it
    assert [m.training for m in net.modules()] == flags
    assert [p.requires_grad for p in net.parameters()] == grads
    for key, value in net.state_dict().items():
        assert torch.equal(value, state[key]), key  # BatchNorm's running stats too
    assert not net._forward_hooks and not net.body[0]._forward_hooks


def test_modules_are_found_through_closures_globals_partials_and_methods():
    net, other = Net(), torch.nn.Linear(2, 2)

    def uses(z, scale):
        return net.decode(z) * scale

    assert modules_used(net) == [net]
    assert modules_used(net.decode) == [net]
    assert modules_used(lambda z: other(z)) == [other]
    assert net in modules_used(functools.partial(uses, scale=2.0))
    assert modules_used(np.tanh) == []


def test_a_numpy_decoder_exports_constants_and_is_refused_in_words():
    def decode(z):
        return torch.from_numpy(np.tanh(np.asarray(z))).repeat(1, 9).reshape(-1, 3, 9)

    with pytest.raises(ExportFailed, match="does not read the latent.*numpy or Python values"):
        export_decoder(decoder_of(decode))


def test_an_operation_onnx_lacks_is_refused_with_the_exporters_words():
    def decode(z):
        return torch.special.i0(z)[:, None, :].repeat(1, 9, 3)

    with pytest.raises(ExportFailed, match="aten::i0.*not supported"):
        export_decoder(decoder_of(decode))
