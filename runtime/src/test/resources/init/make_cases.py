"""Writes cases.json: torch.nn.init.orthogonal_ applied to known Gaussian draws.

Run with PyTorch 1.13 from this folder: python3 make_cases.py
orthogonal_ draws a rows x cols Gaussian matrix from the global generator; re-seeding before it and
before an identical draw recovers that matrix, so the runtime can orthonormalise the same numbers.
"""
import json

import torch

torch.set_default_dtype(torch.float64)
SHAPES = [[4, 4], [5, 3], [3, 5], [2, 3, 2]]


def case(seed, shape):
    rows = shape[0]
    cols = 1
    for d in shape[1:]:
        cols *= d
    torch.manual_seed(seed)
    gaussian = torch.empty(rows, cols).normal_(0, 1)
    torch.manual_seed(seed)
    result = torch.nn.init.orthogonal_(torch.empty(*shape))
    return {"shape": shape, "gaussian": gaussian.reshape(-1).tolist(),
            "orthogonal": result.reshape(-1).tolist()}


def main():
    cases = [case(100 + i, shape) for i, shape in enumerate(SHAPES)]
    with open("cases.json", "w") as f:
        json.dump({"orthogonal": cases}, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
