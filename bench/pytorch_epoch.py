#!/usr/bin/env python3
"""The hybrid network of docs/MODEL.md in PyTorch, trained like training/ trains it (same loss, Adam,
batch size, threads), to time an epoch on the same machine. Run by bench/torch_vs_pytorch.sh with
Debian's python3-torch (/usr/bin/python3). Prints one line per epoch: 'epoch N seconds S ratings R'."""
import argparse, statistics, sys, time
import torch, torch.nn as nn, torch.nn.functional as F

p = argparse.ArgumentParser()
p.add_argument("--data", required=True)
p.add_argument("--epochs", type=int, default=2)
p.add_argument("--batch-size", type=int, required=True)
p.add_argument("--dim", type=int, default=96)
p.add_argument("--hidden", type=int, default=64)
p.add_argument("--threads", type=int, default=2)
p.add_argument("--lr", type=float, default=0.003)
p.add_argument("--relevance-weight", type=float, default=0.0)   # > 0: the relevance head (softmax over the catalogue)
p.add_argument("--relevance-l2", type=float, default=1e-5)
# The loss's weights are required, so a standalone run cannot silently time a different loss from the CLI's;
# bench/torch_vs_pytorch.sh passes the CLI's defaults.
p.add_argument("--absolute-error-weight", type=float, required=True)   # γ of the rating loss's |r̂ − r| term
p.add_argument("--weight-decay", type=float, required=True)            # λ_e, per rating
a = p.parse_args()
torch.set_num_threads(a.threads)
torch.manual_seed(42)

users, movies, ratings, uid, mid = [], [], [], {}, {}
with open(f"{a.data}/ratings.dat", encoding="latin-1") as f:
    for line in f:
        u, m, r, _ = line.split("::")
        users.append(uid.setdefault(u, len(uid))); movies.append(mid.setdefault(m, len(mid))); ratings.append(float(r))
genres = {}
with open(f"{a.data}/movies.dat", encoding="latin-1") as f:
    for line in f:
        m, _, g = line.rstrip("\n").split("::")
        if m in mid: genres[mid[m]] = g.split("|")
names = sorted({g for gs in genres.values() for g in gs})
G = torch.zeros(len(mid), len(names))
for m, gs in genres.items():
    for g in gs: G[m, names.index(g)] = 1 / len(gs) ** 0.5
U, M, R = torch.tensor(users), torch.tensor(movies), torch.tensor(ratings)
n = len(R) * 855_901 // 1_000_209          # time as many ratings as our training split holds

positives = [[] for _ in uid]                # the relevance head's targets: each user's rated movies
for u_, m_ in zip(users, movies): positives[u_].append(m_)

class HybridNetwork(nn.Module):
    def __init__(s, users, movies, genres, dim, hidden):
        super().__init__()
        s.global_bias = nn.Parameter(torch.full((1,), 3.58))
        s.user_bias, s.movie_bias = nn.Embedding(users, 1), nn.Embedding(movies, 1)
        s.user_embedding, s.movie_embedding = nn.Embedding(users, dim), nn.Embedding(movies, dim)
        s.genre_projection = nn.Linear(genres, dim, bias=False)
        s.fc1, s.out = nn.Linear(2 * dim + genres, hidden), nn.Linear(hidden, 1)
        s.register_buffer("movie_genres", G)
        if a.relevance_weight > 0:
            s.relevance_embedding, s.relevance_bias = nn.Embedding(movies, dim), nn.Embedding(movies, 1)
    def relevance(s, u):
        return s.user_embedding(u) @ s.relevance_embedding.weight.T + s.relevance_bias.weight.squeeze(-1)
    def forward(s, u, i):
        p, q, g = s.user_embedding(u), s.movie_embedding(i), s.movie_genres[i]
        e = q + s.genre_projection(g)
        y = s.out(F.relu(s.fc1(torch.cat([p, q, g], -1)))).squeeze(-1)
        return s.global_bias + s.user_bias(u).squeeze(-1) + s.movie_bias(i).squeeze(-1) + (p * e).sum(-1) + y, p, q, u, i

net = HybridNetwork(len(uid), len(mid), len(names), a.dim, a.hidden)
opt = torch.optim.Adam(net.parameters(), lr=a.lr)
times = []
batches = (n + a.batch_size - 1) // a.batch_size
for epoch in range(1, a.epochs + 1):
    order = torch.randperm(len(R))[:n]
    user_order = torch.randperm(len(uid))
    start = time.perf_counter()
    for step, b in enumerate(range(0, n, a.batch_size)):
        idx = order[b:b + a.batch_size]
        u, i, r = U[idx], M[idx], R[idx]
        pred, p, q, _, _ = net(u, i)
        bu, bi = net.user_bias(u).squeeze(-1), net.movie_bias(i).squeeze(-1)
        e = pred - r
        loss = (e * e + a.absolute_error_weight * e.abs()).mean() + (a.weight_decay * ((p * p).sum(-1) + (q * q).sum(-1)) + 0.005 * (bu * bu + bi * bi)).mean() \
            + 1e-3 * sum((w * w).sum() for w in (net.genre_projection.weight, net.fc1.weight, net.out.weight))
        if a.relevance_weight > 0:                # each batch carries a slice of the users, as training/ does
            batch_users = user_order[step * len(uid) // batches:(step + 1) * len(uid) // batches]
            targets = torch.zeros(len(batch_users), len(mid))
            for k, u_ in enumerate(batch_users.tolist()): targets[k, positives[u_]] = 1
            log_p = F.log_softmax(net.relevance(batch_users), 1)
            loss = loss + a.relevance_weight * (-(targets * log_p).sum() / targets.sum().clamp_min(1)) \
                + a.relevance_l2 * (net.relevance_embedding.weight ** 2).sum()
        opt.zero_grad(); loss.backward(); opt.step()
    times.append(time.perf_counter() - start)
    print(f"epoch {epoch} seconds {times[-1]:.2f} ratings {n}", flush=True)
print(f"median {statistics.median(times):.2f}")
