#!/usr/bin/python3
"""Times PyTorch's training step (forward, backward with upstream gradients, SGD update; with a
vocabulary V, one-hot inputs and a linear + cross-entropy head) and forward pass for one
recurrent layer, the same work `rnnc bench` times; prints `train_ms=… forward_ms=…` last.
Usage: torch_step.py CELL X H T B [V]   (X is ignored when V is given: inputs are one-hot of size V)
Environment: TORCH_THREADS (torch.set_num_threads, default 1; OpenBLAS's own threads follow
OPENBLAS_NUM_THREADS), WARMUP, WARMUP_SECONDS and REPEAT (as `rnnc bench`'s options)."""
import os, statistics, sys, time
import torch

# One intra-op thread is PyTorch's best setting on 2 cores, OpenBLAS keeping its own threads
torch.set_num_threads(int(os.environ.get("TORCH_THREADS", "1")))
cell, X, H, T, B = sys.argv[1], *map(int, sys.argv[2:6])
V = int(sys.argv[6]) if len(sys.argv) > 6 else 0
# The same as `rnnc bench` (at least 30 iterations and 3 s), which the JIT needs; PyTorch is steady after one or two
warmup = int(os.environ.get("WARMUP", "30"))
warmup_seconds = float(os.environ.get("WARMUP_SECONDS", "3"))
repeat = int(os.environ.get("REPEAT", "10"))
if V:
    X = V
make = {"lstm": torch.nn.LSTM, "gru": torch.nn.GRU, "rnn_tanh": torch.nn.RNN}[cell]
model = make(X, H)
head = torch.nn.Linear(H, V) if V else None
opt = torch.optim.SGD(list(model.parameters()) + (list(head.parameters()) if V else []), lr=1e-4)
if V:
    x = torch.nn.functional.one_hot(torch.randint(V, (T, B)), V).float()
    targets = torch.randint(V, (T * B,))
else:
    x = torch.randn(T, B, X)
dy = torch.randn(T, B, H)
train, forward = [], []
warmup_end = time.perf_counter() + warmup_seconds
i = -warmup
while i < repeat:
    if i == 0 and time.perf_counter() < warmup_end:
        i = -1
    t0 = time.perf_counter()
    y, _ = model(x)
    t1 = time.perf_counter()
    opt.zero_grad()
    if V:
        torch.nn.functional.cross_entropy(head(y).reshape(T * B, V), targets).backward()
    else:
        y.backward(dy)
    opt.step()
    t2 = time.perf_counter()
    if i >= 0:
        forward.append((t1 - t0) * 1e3)
        train.append((t2 - t0) * 1e3)
    i += 1
print(f"torch {torch.__version__} cell={cell} X={X} H={H} T={T} B={B} V={V} threads={torch.get_num_threads()}")
print(f"train_ms={statistics.median(train):.2f} forward_ms={statistics.median(forward):.2f}")
