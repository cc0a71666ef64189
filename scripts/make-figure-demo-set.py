#!/usr/bin/python3
# Run with /usr/bin/python3 (torch, numpy, sklearn). Usage: make-figure-demo-set.py OUT_FOLDER
# Made the before/after pictures of issue 19 in docs/screenshots (map, barrier
# matrix, connect): `modescape project|barrier-matrix|connect OUT ... --png`.
# A small two-moons set for before/after screenshots: MLP 2-16-2 members in
# three groups of different sizes (SWAG-like members sit close to one SGD member).
import json, os, sys
import numpy as np, torch
from sklearn.datasets import make_moons
out = sys.argv[1]
X, y = make_moons(n_samples=400, noise=0.15, random_state=0)
X = torch.tensor(X, dtype=torch.float32); y = torch.tensor(y)
def train(seed, steps=300):
    torch.manual_seed(seed)
    net = torch.nn.Sequential(torch.nn.Linear(2, 16), torch.nn.ReLU(), torch.nn.Linear(16, 2))
    opt = torch.optim.SGD(net.parameters(), lr=0.2, momentum=0.9)
    snaps = []
    for s in range(steps):
        opt.zero_grad(); loss = torch.nn.functional.cross_entropy(net(X), y); loss.backward(); opt.step()
        if s % 25 == 24: snaps.append({k: v.detach().clone() for k, v in net.state_dict().items()})
    return net.state_dict(), snaps
members = []
def save(group, name, sd):
    os.makedirs(os.path.join(out, group), exist_ok=True)
    f = f"{group}/{name}.pt"; torch.save(dict(sd), os.path.join(out, f)); members.append({"file": f, "group": group})
base, snaps = train(0)
for k in range(8):
    sd, _ = train(k) if k else (base, None)
    save("deep-ensemble", f"ensemble-member-seed-{k:02d}", sd)
for i, sd in enumerate(snaps):
    save("trajectory", f"trajectory-epoch-{i:02d}", sd)
g = torch.Generator().manual_seed(5)
for k in range(3):
    save("swag", f"swag-sample-{k:02d}", {n: v + 0.002 * torch.randn(v.shape, generator=g) for n, v in base.items()})
json.dump({"model": {"builtin": "mlp", "args": {"widths": [2, 16, 2]}},
           "datasets": {"train": "moons:n=400,noise=0.15,seed=0", "test": "moons:n=400,noise=0.15,seed=1"},
           "members": members}, open(os.path.join(out, "modescape.json"), "w"), indent=1)
