#!/usr/bin/python3
"""Times PyTorch's training step (forward, backward, Adam update) of the gesture sample's model:
Conv2d(1, 8, 3), ReLU, MaxPool2d(2), Conv2d(8, 16, 3), ReLU, MaxPool2d(2) on every 24x24 frame,
flattened into a GRU of 64, a linear layer to 6 classes at the last step and cross-entropy, on
B = 32 sequences of T = 13 frames: the work bench/.../FrameStep.java times in rnnc. Prints
`train_ms=...` last. Usage: torch_frames_step.py [B T]"""
import statistics, sys, time
import torch

torch.set_num_threads(1)  # PyTorch's best setting on 2 cores, as in torch_step.py
B, T = (int(a) for a in sys.argv[1:3]) if len(sys.argv) > 2 else (32, 13)
cnn = torch.nn.Sequential(
    torch.nn.Conv2d(1, 8, 3), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
    torch.nn.Conv2d(8, 16, 3), torch.nn.ReLU(), torch.nn.MaxPool2d(2), torch.nn.Flatten())
gru = torch.nn.GRU(16 * 4 * 4, 64)
head = torch.nn.Linear(64, 6)
params = list(cnn.parameters()) + list(gru.parameters()) + list(head.parameters())
opt = torch.optim.Adam(params, lr=1e-4)
x = torch.rand(T, B, 1, 24, 24)
labels = torch.randint(6, (B,))


def step():
    opt.zero_grad()
    features = cnn(x.reshape(T * B, 1, 24, 24)).reshape(T, B, -1)
    y, _ = gru(features)
    torch.nn.functional.cross_entropy(head(y[-1]), labels).backward()
    opt.step()


warmup_end = time.perf_counter() + 3.0
i = 0
while i < 30 or time.perf_counter() < warmup_end:
    step()
    i += 1
times = []
for _ in range(10):
    t0 = time.perf_counter()
    step()
    times.append((time.perf_counter() - t0) * 1e3)
print(f"torch {torch.__version__} frames B={B} T={T}")
print(f"train_ms={statistics.median(times):.2f}")
