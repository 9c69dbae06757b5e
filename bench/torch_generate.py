#!/usr/bin/python3
"""Times PyTorch generating text with a character model, the work `rnnc bench --generate` times:
one-hot inputs of size V, a recurrent layer (or N stacked), a linear head, at batch 1, one step per
call under torch.no_grad(), each token drawn from the softmax of the logits and fed back. Prints
the median tokens per second of ROUNDS rounds last, as `tokens_per_s=…`.
Usage: torch_generate.py CELL V H [LAYERS] [TOKENS] [ROUNDS]"""
import statistics, sys, time
import torch

torch.set_num_threads(1)  # one step's products are small: more threads only hand work back and forth
# (bench/compare-generate.sh also sets OPENBLAS_NUM_THREADS=1 for the same reason)
cell, V, H = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
layers = int(sys.argv[4]) if len(sys.argv) > 4 else 1
tokens = int(sys.argv[5]) if len(sys.argv) > 5 else 2000
rounds = int(sys.argv[6]) if len(sys.argv) > 6 else 10
warmup_seconds = 3.0
make = {"lstm": torch.nn.LSTM, "gru": torch.nn.GRU, "rnn_tanh": torch.nn.RNN}[cell]
torch.manual_seed(0)
model = make(V, H, layers).eval()
head = torch.nn.Linear(H, V).eval()
eye = torch.eye(V)


def generate(n, token, state):
    for _ in range(n):
        y, state = model(eye[token].view(1, 1, V), state)
        probs = torch.softmax(head(y.view(1, H)), dim=-1)
        token = int(torch.multinomial(probs, 1))
    return token, state


with torch.no_grad():
    token, state = 0, None
    end = time.perf_counter() + warmup_seconds
    while time.perf_counter() < end:
        token, state = generate(tokens, token, state)
    rates = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        token, state = generate(tokens, token, state)
        rates.append(tokens / (time.perf_counter() - t0))
print(f"torch {torch.__version__} generate cell={cell} V={V} H={H} layers={layers} threads={torch.get_num_threads()}")
print(f"tokens_per_s={statistics.median(rates):.0f}")
