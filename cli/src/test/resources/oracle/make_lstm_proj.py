#!/usr/bin/python3
"""Reference cases for stdlib:lstm_proj, made with PyTorch's nn.LSTM(proj_size=P) in float64, in
the format of the other cases here (rnnc run's file interface): the parameters under PyTorch's
names (weight_ih_l0 [4H, X], weight_hh_l0 [4H, P], bias_ih_l0, bias_hh_l0 [4H], weight_hr_l0
[P, H]), x [T, B, X], h0 [L*D, B, P], c0 [L*D, B, H], upstream gradients dy, dhn, dcn, and the
expected y, hn, cn and grad_<name> of L = sum(y*dy) + sum(hn*dhn) + sum(cn*dcn).
Run with: python3 make_lstm_proj.py (writes next to this script). Needs only torch and numpy."""
import json
import os
import struct

import numpy as np
import torch
import torch.nn as nn

torch.set_default_dtype(torch.float64)
HERE = os.path.dirname(os.path.abspath(__file__))


def save(path, tensors, metadata):
    """A safetensors file: u64 header length, JSON header, then each tensor's bytes (float64)."""
    header, blobs, offset = {"__metadata__": {k: str(v) for k, v in metadata.items()}}, [], 0
    for name in sorted(tensors):
        data = np.ascontiguousarray(tensors[name], dtype="<f8").tobytes()
        header[name] = {"dtype": "F64", "shape": list(tensors[name].shape),
                        "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def case(name, X, H, P, T, B, layers=1, bidirectional=False, seed=0):
    torch.manual_seed(seed)
    lstm = nn.LSTM(X, H, layers, bidirectional=bidirectional, proj_size=P)
    with torch.no_grad():
        for p in lstm.parameters():
            p.uniform_(-0.6, 0.6)
    D = 2 if bidirectional else 1
    x = torch.randn(T, B, X, requires_grad=True)
    h0 = (0.5 * torch.randn(layers * D, B, P)).requires_grad_()
    c0 = (0.5 * torch.randn(layers * D, B, H)).requires_grad_()
    y, (hn, cn) = lstm(x, (h0, c0))
    dy, dhn, dcn = torch.randn_like(y), torch.randn_like(hn), torch.randn_like(cn)
    ((y * dy).sum() + (hn * dhn).sum() + (cn * dcn).sum()).backward()
    t = {"x": x, "h0": h0, "c0": c0, "dy": dy, "dhn": dhn, "dcn": dcn, "y": y, "hn": hn, "cn": cn,
         "grad_x": x.grad, "grad_h0": h0.grad, "grad_c0": c0.grad}
    for n, p in lstm.named_parameters():
        t[n] = p
        t["grad_" + n] = p.grad
    meta = {"cell": "stdlib:lstm_proj", "layers": layers, "bidirectional": str(bidirectional).lower(),
            "input": X, "hidden": H, "proj_size": P, "steps": T, "batch": B, "states": "h,c",
            "loss": "sum(y*dy)+sum(hn*dhn)+sum(cn*dcn)", "made_with": "torch " + torch.__version__}
    save(os.path.join(HERE, name + ".safetensors"), {k: v.detach().numpy() for k, v in t.items()}, meta)
    print(name, meta)


if __name__ == "__main__":
    case("lstm_proj", 4, 6, 3, 7, 3, seed=3)
    case("lstm_proj_2layer_bidirectional", 4, 5, 2, 6, 2, layers=2, bidirectional=True, seed=4)
