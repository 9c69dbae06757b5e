"""Writes cases.json: losses and their gradients computed by PyTorch in float64.

Per-step cases hold logits or predictions [T][B][F] with random values at padded positions
(they must not count), the lengths, the targets and the reduction; PyTorch computes the loss
over the counted positions only: MEAN is PyTorch's 'mean' over them, SUM is PyTorch's 'sum'
divided by the batch size. Per-sequence cases use PyTorch's 'mean'. Some logits are large
(hundreds) to check that the losses are computed stably. Run with: python3 make_cases.py.
"""
import json
import os

import torch
import torch.nn.functional as F

torch.manual_seed(777)


def randn(*shape, scale=1.0):
    return torch.randn(*shape, dtype=torch.float64) * scale


def counted(lengths, steps, skip=None):
    """The (t, b) positions within each length, minus those whose class target is -1."""
    return [(t, b) for t in range(steps) for b, length in enumerate(lengths)
            if t < length and (skip is None or skip[t][b] != -1)]


def reduce(total_fn, reduction, batch):
    if reduction == "MEAN":
        return total_fn("mean")
    return total_fn("sum") / batch


def softmax_step(lengths, steps, classes, reduction, scale=2.0):
    batch = len(lengths)
    logits = randn(steps, batch, classes, scale=scale).requires_grad_()
    targets = torch.randint(0, classes, (steps, batch))
    targets[0][0] = -1
    pos = counted(lengths, steps, targets.tolist())
    ts, bs = [p[0] for p in pos], [p[1] for p in pos]
    value = reduce(lambda r: F.cross_entropy(logits[ts, bs], targets[ts, bs], reduction=r), reduction, batch)
    value.backward()
    return {"logits": logits.tolist(), "targets": targets.tolist(), "lengths": lengths, "reduction": reduction,
            "value": value.item(), "gradient": logits.grad.tolist()}


def elementwise_step(fn, lengths, steps, features, reduction, targets_fn, scale=2.0):
    batch = len(lengths)
    pred = randn(steps, batch, features, scale=scale).requires_grad_()
    targets = targets_fn(steps, batch, features)
    pos = counted(lengths, steps)
    ts, bs = [p[0] for p in pos], [p[1] for p in pos]
    value = reduce(lambda r: fn(pred[ts, bs], targets[ts, bs], reduction=r), reduction, batch)
    value.backward()
    return {"pred": pred.tolist(), "targets": targets.tolist(), "lengths": lengths, "reduction": reduction,
            "value": value.item(), "gradient": pred.grad.tolist()}


def softmax_sequence(batch, classes, scale=2.0):
    logits = randn(batch, classes, scale=scale).requires_grad_()
    labels = torch.randint(0, classes, (batch,))
    value = F.cross_entropy(logits, labels)
    value.backward()
    return {"logits": logits.tolist(), "labels": labels.tolist(), "value": value.item(),
            "gradient": logits.grad.tolist()}


def elementwise_sequence(fn, batch, features, targets_fn, scale=2.0):
    pred = randn(batch, features, scale=scale).requires_grad_()
    targets = targets_fn(batch, features)
    value = fn(pred, targets)
    value.backward()
    return {"pred": pred.tolist(), "targets": targets.tolist(), "value": value.item(),
            "gradient": pred.grad.tolist()}


def binary_targets(*shape):
    """Hard 0/1 targets with a few soft ones."""
    t = torch.randint(0, 2, shape).double()
    t.view(-1)[::5] = 0.3
    return t


def real_targets(*shape):
    return randn(*shape)


bce = F.binary_cross_entropy_with_logits
cases = {
    "softmax_per_step": [
        softmax_step([4, 2, 3], 4, 5, "MEAN"),
        softmax_step([4, 2, 3], 4, 5, "SUM"),
        softmax_step([3, 1], 3, 4, "MEAN", scale=300.0),
    ],
    "softmax_per_sequence": [softmax_sequence(4, 3), softmax_sequence(3, 5, scale=400.0)],
    "bce_per_step": [
        elementwise_step(bce, [3, 1, 2], 3, 2, "MEAN", binary_targets),
        elementwise_step(bce, [3, 1, 2], 3, 2, "SUM", binary_targets),
        elementwise_step(bce, [2, 2], 2, 3, "MEAN", binary_targets, scale=200.0),
    ],
    "bce_per_sequence": [elementwise_sequence(bce, 4, 2, binary_targets),
                         elementwise_sequence(bce, 3, 3, binary_targets, scale=300.0)],
    "mse_per_step": [
        elementwise_step(F.mse_loss, [4, 1, 3], 4, 3, "MEAN", real_targets),
        elementwise_step(F.mse_loss, [4, 1, 3], 4, 3, "SUM", real_targets),
    ],
    "mse_per_sequence": [elementwise_sequence(F.mse_loss, 3, 4, real_targets)],
}

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "cases.json"), "w") as f:
    json.dump(cases, f)
