#!/usr/bin/python3
"""Times PyTorch's training step (forward, backward with upstream gradients, SGD update) and
forward pass for one recurrent layer, the same work `rnnc bench` times; prints
`train_ms=… forward_ms=…` last. Usage: torch_step.py CELL X H T B [WARMUP REPEAT]"""
import statistics, sys, time
import torch

torch.set_num_threads(1)  # PyTorch's best setting on 2 cores; OpenBLAS keeps its own threads
cell, X, H, T, B = sys.argv[1], *map(int, sys.argv[2:6])
warmup, repeat = (int(sys.argv[6]), int(sys.argv[7])) if len(sys.argv) > 7 else (5, 10)
make = {"lstm": torch.nn.LSTM, "gru": torch.nn.GRU, "rnn_tanh": torch.nn.RNN}[cell]
model = make(X, H)
opt = torch.optim.SGD(model.parameters(), lr=1e-4)
x = torch.randn(T, B, X)
dy = torch.randn(T, B, H)
train, forward = [], []
for i in range(warmup + repeat):
    t0 = time.perf_counter()
    y, _ = model(x)
    t1 = time.perf_counter()
    opt.zero_grad()
    y.backward(dy)
    opt.step()
    t2 = time.perf_counter()
    if i >= warmup:
        forward.append((t1 - t0) * 1e3)
        train.append((t2 - t0) * 1e3)
print(f"torch {torch.__version__} cell={cell} X={X} H={H} T={T} B={B}")
print(f"train_ms={statistics.median(train):.2f} forward_ms={statistics.median(forward):.2f}")
