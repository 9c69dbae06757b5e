"""Writes frame_cases.json: Conv2d, pooling and a stack of them over image sequences, computed by
PyTorch in float64.

Frames are stored channels last, [frames, height, width, channels], each array flattened in C
order, as rnnc's frame layers keep them; PyTorch computes on the same values permuted to its
[frames, channels, height, width]. Each case holds its inputs (x, parameters, the upstream
gradient dy) and PyTorch's results: y and the gradients of sum(y * dy) w.r.t. x and every
parameter. The sequence case pads a batch of sequences of several lengths; its values at padded
steps of x and dy are random on purpose: they must not matter. Run with:
python3 make_frame_cases.py (writes next to this script).
"""
import json
import os

import torch
import torch.nn.functional as F

torch.manual_seed(20261207)
ACTIVATIONS = {"identity": lambda v: v, "relu": torch.relu, "tanh": torch.tanh}


def randn(*shape):
    return torch.randn(*shape, dtype=torch.float64)


def flat(t):
    return t.detach().reshape(-1).tolist()


def to_torch(x):
    """[N, H, W, C] -> [N, C, H, W], contiguous so that PyTorch takes its ordinary kernels."""
    return x.permute(0, 3, 1, 2).contiguous()


def to_frames(y):
    return y.permute(0, 2, 3, 1)


def conv_case(name, frames, shape, out, kernel, stride, padding, activation):
    height, width, channels = shape
    x = randn(frames, height, width, channels).requires_grad_()
    weight = (randn(out, channels, *kernel) * 0.5).requires_grad_()
    bias = (randn(out) * 0.5).requires_grad_()
    y = to_frames(ACTIVATIONS[activation](F.conv2d(to_torch(x), weight, bias, stride=stride, padding=padding)))
    dy = randn(*y.shape)
    (y * dy).sum().backward()
    return {
        "name": name, "frames": frames, "shape": list(shape), "out": out, "kernel": list(kernel),
        "stride": stride, "padding": padding, "activation": activation, "outShape": list(y.shape[1:]),
        "x": flat(x), "weight": flat(weight), "bias": flat(bias), "dy": flat(dy),
        "y": flat(y), "dx": flat(x.grad), "dweight": flat(weight.grad), "dbias": flat(bias.grad),
    }


def pool_case(name, frames, shape, kind, kernel, stride):
    height, width, channels = shape
    x = randn(frames, height, width, channels).requires_grad_()
    pool = F.max_pool2d if kind == "max" else F.avg_pool2d
    y = to_frames(pool(to_torch(x), kernel, stride))
    dy = randn(*y.shape)
    (y * dy).sum().backward()
    return {
        "name": name, "frames": frames, "shape": list(shape), "kind": kind, "kernel": kernel, "stride": stride,
        "outShape": list(y.shape[1:]), "x": flat(x), "dy": flat(dy), "y": flat(y), "dx": flat(x.grad),
    }


def stack_case(name, lengths, steps, shape):
    """conv 4:3x3 pad 1 relu, maxpool 2, conv 3:3x3 stride 2 tanh, avgpool 2, on each valid frame."""
    height, width, channels = shape
    batch = len(lengths)
    x = randn(steps, batch, height, width, channels).requires_grad_()
    w1 = (randn(4, channels, 3, 3) * 0.5).requires_grad_()
    b1 = (randn(4) * 0.5).requires_grad_()
    w2 = (randn(3, 4, 3, 3) * 0.5).requires_grad_()
    b2 = (randn(3) * 0.5).requires_grad_()

    def per_frame(frames):
        h = F.max_pool2d(torch.relu(F.conv2d(to_torch(frames), w1, b1, padding=1)), 2)
        h = F.avg_pool2d(torch.tanh(F.conv2d(h, w2, b2, stride=2)), 2)
        return to_frames(h).reshape(frames.shape[0], -1)

    probe = per_frame(x[0, :1].detach())
    y = torch.zeros(steps, batch, probe.shape[1], dtype=torch.float64)
    dy = randn(steps, batch, probe.shape[1])
    loss = 0
    for b, length in enumerate(lengths):
        if length == 0:
            continue
        yb = per_frame(x[:length, b])
        y[:length, b] = yb.detach()
        loss = loss + (yb * dy[:length, b]).sum()
    loss.backward()
    return {
        "name": name, "lengths": lengths, "steps": steps, "shape": list(shape),
        "x": flat(x), "dy": flat(dy), "y": flat(y), "dx": flat(x.grad),
        "params": {"conv1.weight": flat(w1), "conv1.bias": flat(b1), "conv2.weight": flat(w2), "conv2.bias": flat(b2)},
        "grads": {"conv1.weight": flat(w1.grad), "conv1.bias": flat(b1.grad), "conv2.weight": flat(w2.grad),
                  "conv2.bias": flat(b2.grad)},
    }


cases = {
    "conv2d": [
        conv_case("3x3, one channel, identity", 3, (6, 5, 1), 2, (3, 3), 1, 0, "identity"),
        conv_case("3x3 padding 1, three channels, relu", 2, (5, 6, 3), 4, (3, 3), 1, 1, "relu"),
        conv_case("3x3 stride 2 padding 1, tanh", 2, (7, 6, 2), 3, (3, 3), 2, 1, "tanh"),
        conv_case("2x4 stride 3, identity", 2, (8, 9, 2), 2, (2, 4), 3, 0, "identity"),
        conv_case("1x1, five channels", 3, (3, 4, 5), 2, (1, 1), 1, 0, "identity"),
        conv_case("5x5 padding 2, kernel larger than the stride", 1, (5, 5, 2), 3, (5, 5), 2, 2, "identity"),
    ],
    "pool2d": [
        pool_case("max 2", 3, (6, 6, 2), "max", 2, 2),
        pool_case("max 3 stride 2, overlapping", 2, (7, 8, 3), "max", 3, 2),
        pool_case("max 2 on odd sizes", 2, (5, 7, 1), "max", 2, 2),
        pool_case("average 2", 3, (6, 4, 2), "avg", 2, 2),
        pool_case("average 3 stride 1, overlapping", 2, (5, 6, 2), "avg", 3, 1),
    ],
    "stack": [
        stack_case("conv relu maxpool conv tanh avgpool", [3, 1, 0, 2], 3, (10, 10, 2)),
    ],
}

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "frame_cases.json"), "w") as f:
    json.dump(cases, f)
