"""Writes cases.json: Dense and Conv1d outputs and gradients computed by PyTorch in float64.

Each case holds its inputs (x, lengths, parameters, the upstream gradient dy) and PyTorch's
results: y (zero past each length), and the gradients of sum(y * dy) over the valid positions
w.r.t. x, weight and bias. Values at padded positions of x and dy are random on purpose: they
must not matter. Run with: python3 make_cases.py (writes next to this script).
"""
import json
import os

import torch
import torch.nn.functional as F

torch.manual_seed(20240611)
ACTIVATIONS = {
    "identity": lambda v: v,
    "tanh": torch.tanh,
    "relu": torch.relu,
    "sigmoid": torch.sigmoid,
}


def randn(*shape):
    return torch.randn(*shape, dtype=torch.float64)


def dense_case(name, n_in, n_out, activation, lengths, steps):
    batch = len(lengths)
    x = randn(steps, batch, n_in).requires_grad_()
    weight = (randn(n_out, n_in) * 0.7).requires_grad_()
    bias = (randn(n_out) * 0.5).requires_grad_()
    dy = randn(steps, batch, n_out)
    mask = torch.zeros(steps, batch, 1, dtype=torch.float64)
    for b, length in enumerate(lengths):
        mask[:length, b] = 1
    y = ACTIVATIONS[activation](F.linear(x, weight, bias)) * mask
    (y * dy).sum().backward()
    return {
        "name": name, "in": n_in, "out": n_out, "activation": activation, "lengths": lengths,
        "x": x.tolist(), "weight": weight.tolist(), "bias": bias.tolist(), "dy": dy.tolist(),
        "y": y.tolist(), "dx": x.grad.tolist(), "dweight": weight.grad.tolist(), "dbias": bias.grad.tolist(),
    }


def conv_case(name, n_in, n_out, kernel, causal, activation, lengths, steps):
    batch = len(lengths)
    x = randn(steps, batch, n_in).requires_grad_()
    weight = (randn(n_out, n_in, kernel) * 0.5).requires_grad_()
    bias = (randn(n_out) * 0.5).requires_grad_()
    dy = randn(steps, batch, n_out)
    y = torch.zeros(steps, batch, n_out, dtype=torch.float64)
    loss = 0
    for b, length in enumerate(lengths):
        # Each sample alone, as PyTorch's Conv1d sees an unpadded sequence: [1, in, length].
        xb = x[:length, b, :].t().unsqueeze(0)
        if causal:
            out = F.conv1d(F.pad(xb, (kernel - 1, 0)), weight, bias)
        else:
            out = F.conv1d(xb, weight, bias, padding=(kernel - 1) // 2)
        yb = ACTIVATIONS[activation](out)[0].t()
        y[:length, b, :] = yb.detach()
        loss = loss + (yb * dy[:length, b, :]).sum()
    loss.backward()
    return {
        "name": name, "in": n_in, "out": n_out, "kernel": kernel, "causal": causal, "activation": activation,
        "lengths": lengths, "x": x.tolist(), "weight": weight.tolist(), "bias": bias.tolist(), "dy": dy.tolist(),
        "y": y.tolist(), "dx": x.grad.tolist(), "dweight": weight.grad.tolist(), "dbias": bias.grad.tolist(),
    }


cases = {
    "dense": [
        dense_case("identity", 4, 3, "identity", [5, 2, 0, 4], 5),
        dense_case("tanh", 3, 5, "tanh", [3, 1], 4),
        dense_case("relu", 5, 4, "relu", [4, 4, 2], 4),
        dense_case("sigmoid", 2, 3, "sigmoid", [1, 3], 3),
    ],
    "conv1d": [
        conv_case("causal k3 tanh", 3, 4, 3, True, "tanh", [6, 2, 4], 6),
        conv_case("causal k2 identity", 2, 3, 2, True, "identity", [5, 1], 5),
        conv_case("same k3 relu", 3, 2, 3, False, "relu", [5, 3, 1], 5),
        conv_case("same k5 identity, shorter than the kernel", 2, 3, 5, False, "identity", [7, 2, 4], 7),
        conv_case("same k1 sigmoid", 4, 3, 1, False, "sigmoid", [3, 2], 3),
    ],
}

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "cases.json"), "w") as f:
    json.dump(cases, f)
