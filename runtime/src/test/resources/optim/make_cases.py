"""Writes cases.json: what torch.optim, clip_grad_norm_ and the learning-rate schedulers compute.

Run with PyTorch 1.13 from this folder: python3 make_cases.py
Everything is in float64 and seeded, so the output is the same on every run.
"""
import json
import math

import torch

torch.set_default_dtype(torch.float64)
STEPS = 5
LRS = [0.1, 0.05, 0.1, 0.02, 0.08]
# The bias gets no gradient at steps 0 and 2, so its state starts one step late and skips one.
BIAS_MISSING_AT = {0, 2}


def start_params():
    g = torch.Generator().manual_seed(7)
    return {"weight": torch.randn(3, 4, generator=g), "bias": torch.randn(4, generator=g)}


def gradient_sequence():
    g = torch.Generator().manual_seed(11)
    steps = []
    for t in range(STEPS):
        grads = {"weight": torch.randn(3, 4, generator=g), "bias": torch.randn(4, generator=g)}
        if t in BIAS_MISSING_AT:
            del grads["bias"]
        steps.append(grads)
    return steps


OPTIMIZERS = [
    {"optimizer": "sgd", "momentum": 0.0, "nesterov": False, "weight_decay": 0.0},
    {"optimizer": "sgd", "momentum": 0.9, "nesterov": False, "weight_decay": 0.01},
    {"optimizer": "sgd", "momentum": 0.8, "nesterov": True, "weight_decay": 0.0},
    {"optimizer": "sgd", "momentum": 0.9, "nesterov": True, "weight_decay": 0.1},
    {"optimizer": "adagrad", "eps": 1e-10, "weight_decay": 0.0},
    {"optimizer": "adagrad", "eps": 1e-3, "weight_decay": 0.1},
    {"optimizer": "rmsprop", "alpha": 0.99, "eps": 1e-8, "weight_decay": 0.0},
    {"optimizer": "rmsprop", "alpha": 0.9, "eps": 1e-4, "weight_decay": 0.1},
    {"optimizer": "adam", "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.0},
    {"optimizer": "adam", "beta1": 0.8, "beta2": 0.99, "eps": 1e-6, "weight_decay": 0.1},
    {"optimizer": "adamw", "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.01},
    {"optimizer": "adamw", "beta1": 0.8, "beta2": 0.99, "eps": 1e-6, "weight_decay": 0.1},
]


def make_optimizer(setting, params):
    kind = setting["optimizer"]
    wd = setting["weight_decay"]
    if kind == "sgd":
        return torch.optim.SGD(params, lr=LRS[0], momentum=setting["momentum"],
                               nesterov=setting["nesterov"], weight_decay=wd)
    if kind == "adagrad":
        return torch.optim.Adagrad(params, lr=LRS[0], eps=setting["eps"], weight_decay=wd)
    if kind == "rmsprop":
        return torch.optim.RMSprop(params, lr=LRS[0], alpha=setting["alpha"], eps=setting["eps"],
                                   weight_decay=wd)
    betas = (setting["beta1"], setting["beta2"])
    if kind == "adam":
        return torch.optim.Adam(params, lr=LRS[0], betas=betas, eps=setting["eps"], weight_decay=wd)
    return torch.optim.AdamW(params, lr=LRS[0], betas=betas, eps=setting["eps"], weight_decay=wd)


def flat(t):
    return t.detach().reshape(-1).tolist()


def optimizer_case(setting, grads):
    params = {k: torch.nn.Parameter(v) for k, v in start_params().items()}
    opt = make_optimizer(setting, list(params.values()))
    after = []
    for t in range(STEPS):
        for group in opt.param_groups:
            group["lr"] = LRS[t]
        for k, p in params.items():
            p.grad = grads[t][k].clone() if k in grads[t] else None
        opt.step()
        after.append({k: flat(p) for k, p in params.items()})
    return dict(setting, after=after)


def clip_cases():
    g = torch.Generator().manual_seed(13)
    grads = {"weight": torch.randn(3, 4, generator=g), "bias": torch.randn(4, generator=g)}
    cases = []
    for max_norm in [0.5, 100.0]:
        params = {k: torch.nn.Parameter(torch.zeros_like(v)) for k, v in grads.items()}
        for k, p in params.items():
            p.grad = grads[k].clone()
        total = torch.nn.utils.clip_grad_norm_(list(params.values()), max_norm)
        cases.append({"max_norm": max_norm, "total_norm": total.item(),
                      "grads": {k: flat(v) for k, v in grads.items()},
                      "clipped": {k: flat(p.grad) for k, p in params.items()}})
    return cases


def schedule_values(make_scheduler, lr, steps):
    opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=lr)
    sched = make_scheduler(opt)
    values = []
    for _ in range(steps):
        values.append(sched.get_last_lr()[0])
        opt.step()
        sched.step()
    return values


def cosine_closed_form(lr, total, min_lr, step):
    return min_lr + (lr - min_lr) * (1 + math.cos(math.pi * step / total)) / 2


def schedule_cases():
    step_lr = schedule_values(lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=3, gamma=0.5), 0.1, 12)
    cosine = schedule_values(
        lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=10, eta_min=0.001), 0.1, 11)
    # The scheduler's step() is recursive; it must agree with the closed form the runtime uses.
    for s, v in enumerate(cosine):
        assert abs(v - cosine_closed_form(0.1, 10, 0.001, s)) < 1e-15, (s, v)
    warmup = schedule_values(
        lambda o: torch.optim.lr_scheduler.LinearLR(o, start_factor=1 / 4, total_iters=4), 0.1, 8)
    return {
        "step": {"lr": 0.1, "every": 3, "gamma": 0.5, "values": step_lr},
        "cosine": {"lr": 0.1, "total_steps": 10, "min_lr": 0.001, "values": cosine},
        "warmup_constant": {"lr": 0.1, "warmup_steps": 4, "values": warmup},
    }


def main():
    grads = gradient_sequence()
    cases = {
        "start": {k: flat(v) for k, v in start_params().items()},
        "shapes": {"weight": [3, 4], "bias": [4]},
        "lrs": LRS,
        "grads": [{k: flat(v) for k, v in g.items()} for g in grads],
        "optimizers": [optimizer_case(s, grads) for s in OPTIMIZERS],
        "clip_grad_norm": clip_cases(),
        "schedules": schedule_cases(),
    }
    with open("cases.json", "w") as f:
        json.dump(cases, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
