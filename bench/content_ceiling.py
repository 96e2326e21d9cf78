#!/usr/bin/env python3
"""How far can content alone carry item cold start on ML-1M? Its movies have a title, a year and genres; nothing else.

On the validation protocol of docs/EVALUATION.md §6c — pseudo-new movies (0.10 <= unit_value(0, m, SplitMix64(7)) < 0.20),
the user's validation ratings >= 4 on them relevant, the pseudo-new movies the user did not rate in train as candidates —
this prints NDCG@10 for:
  1. hindsight popularity: every rating of the movie counted, held-out ones included (the product's HindsightPopularity
     row of `tune-content`; the same figure here checks that this script's protocol is the product's);
  2. a content fit in hindsight: log(1 + ratings) of the pseudo-new movies least-squares fitted on their OWN genres,
     release-year bins and title features — fitted on the very movies it ranks, so no linear model of that content can
     guess their popularity better — alone, and with per-user genre and era lifts from the user's train ratings;
  3. hindsight popularity blurred with Gaussian noise down to a given correlation with the truth, with the same lifts:
     how well a content model would have to guess a new movie's popularity to reach a given NDCG@10.
Pure Python 3, no packages; about 2 minutes on one core. Usage: python3 bench/content_ceiling.py <ml-1m folder>
"""
import collections, math, random, re, statistics, sys

MASK = (1 << 64) - 1


def splitmix64(x):
    z = (x + 0x9E3779B97F4A7C15) & MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


def unit_value(user_id, movie_id, salt):
    return (splitmix64((((user_id & 0xFFFFFFFF) << 32) | (movie_id & 0xFFFFFFFF)) ^ salt) >> 11) * 2.0 ** -53


data = sys.argv[1] if len(sys.argv) > 1 else "../shared/ml-1m"
movies = {}
for line in open(f"{data}/movies.dat", encoding="latin-1"):
    movie, title, genres = line.rstrip("\n").split("::")
    movies[int(movie)] = (title, genres.split("|"))
TRAIN, VALIDATION = 0, 1
split_salt, new_salt = splitmix64(42), splitmix64(7)
ratings = []   # (user, movie, stars, part); part 2 = test: counted in a movie's popularity (as HindsightPopularity does), never relevant
for line in open(f"{data}/ratings.dat", encoding="latin-1"):
    u, m, r, _ = line.split("::")
    u, m, r = int(u), int(m), int(r)
    x = unit_value(u, m, split_salt)
    ratings.append((u, m, r, 2 if x < 0.10 else VALIDATION if x < 0.10 + 0.05 * 0.9 else TRAIN))

rated = {m for _, m, _, _ in ratings}
held = {m for m in rated if unit_value(0, m, new_salt) < 0.20}           # new and pseudo-new: out of the tuning model
pseudo_new = sorted(m for m in held if unit_value(0, m, new_salt) >= 0.10)
known = [(u, m, r) for u, m, r, p in ratings if p == TRAIN and m not in held]
seen = collections.defaultdict(set)
relevant = collections.defaultdict(set)
for u, m, r, p in ratings:
    if p == TRAIN: seen[u].add(m)
    if p == VALIDATION and m in pseudo_new and r >= 4: relevant[u].add(m)
users = sorted(relevant)
every_rating = collections.Counter(m for _, m, _, _ in ratings)


def ndcg(score):
    total = 0.0
    for u in users:
        top = sorted((m for m in pseudo_new if m not in seen[u]), key=lambda m: -score(u, m))[:10]
        dcg = sum(1 / math.log2(k + 2) for k, m in enumerate(top) if m in relevant[u])
        total += dcg / sum(1 / math.log2(k + 2) for k in range(min(10, len(relevant[u]))))
    return total / len(users)


def year(m):
    found = re.search(r"\((\d{4})\)\s*$", movies[m][0])
    return int(found.group(1)) if found else 1990


GENRES = sorted({g for _, gs in movies.values() for g in gs})
FOREIGN = set("la le les de el du die der das des un une il lo los las et och y und ni".split())


def features(m):
    title, genres = movies[m]
    y = year(m)
    words = re.findall(r"[A-Za-z']+", re.sub(r"\(.*?\)", "", title))
    return ([1.0] + [float(g in genres) for g in GENRES]
            + [float(b <= y < b + 5) for b in range(1919, 1990, 5)] + [float(y == b) for b in range(1990, 2001)] + [float(y < 1919)]
            + [float(bool(re.search(r"\b(II|III|IV|2|3|4|Part)\b", title))),       # a sequel
               float("a.k.a." in title), float(any(w.lower() in FOREIGN for w in words)),
               float(bool(re.search(r"\(.*\).*\(\d{4}\)", title))),                # an alternative title
               min(len(words), 10) / 10, float(":" in title), len(genres) / 3])


def least_squares(xs, ys, iterations=800, step=0.3):
    w = [0.0] * len(xs[0])
    for _ in range(iterations):
        g = [0.0] * len(w)
        for x, y in zip(xs, ys):
            e = sum(a * b for a, b in zip(w, x)) - y
            for j, xj in enumerate(x):
                if xj: g[j] += e * xj
        w = [wj - step * gj / len(xs) for wj, gj in zip(w, g)]
    return w


def correlation(a, b):
    ma, mb = statistics.mean(a), statistics.mean(b)
    return sum((x - ma) * (y - mb) for x, y in zip(a, b)) / math.sqrt(sum((x - ma) ** 2 for x in a) * sum((y - mb) ** 2 for y in b))


# Per-user lifts from train ratings of warm movies: how much more often than everyone the user rates a genre, an era.
def era(m): return min(max((year(m) - 1900) // 5, 0), 20)
by_genre, by_era, count = collections.defaultdict(collections.Counter), collections.defaultdict(collections.Counter), collections.Counter()
genre_share, era_share = collections.Counter(), collections.Counter()
for u, m, _ in known:
    count[u] += 1
    by_era[u][era(m)] += 1
    era_share[era(m)] += 1
    for g in movies[m][1]:
        by_genre[u][g] += 1
        genre_share[g] += 1


def lifts(u, m):
    gs = movies[m][1]
    genre = sum(math.log((by_genre[u][g] + 1) / (count[u] + 2) / ((genre_share[g] + 1) / len(known))) for g in gs) / len(gs)
    return genre + math.log((by_era[u][era(m)] + 1) / (count[u] + 2) / ((era_share[era(m)] + 1) / len(known)))


truth = {m: math.log1p(every_rating[m]) for m in pseudo_new}
print(f"validation, pseudo-new movies: {len(pseudo_new)} movies, {len(users)} users")
print(f"1. hindsight popularity: NDCG@10 {ndcg(lambda u, m: truth[m]):.4f}")
weights = least_squares([features(m) for m in pseudo_new], [truth[m] for m in pseudo_new])
fitted = {m: sum(a * b for a, b in zip(weights, features(m))) for m in pseudo_new}
print(f"2. content fitted in hindsight: correlation with log popularity {correlation([fitted[m] for m in pseudo_new], [truth[m] for m in pseudo_new]):.3f}; "
      f"NDCG@10 alone {ndcg(lambda u, m: fitted[m]):.4f}, with the user's genre and era lifts {ndcg(lambda u, m: fitted[m] + lifts(u, m)):.4f}")
spread = statistics.pstdev(truth.values())
draw = random.Random(1)
for noise in (0.5, 0.75, 1.0, 1.5):
    alone, lifted = [], []
    for _ in range(10):   # ten draws each: one draw decides where the few most popular movies land
        blurred = {m: truth[m] + draw.gauss(0, noise * spread) for m in pseudo_new}
        alone.append(ndcg(lambda u, m: blurred[m]))
        lifted.append(ndcg(lambda u, m: blurred[m] + lifts(u, m)))
    print(f"3. popularity guessed with correlation ≈ {1 / math.sqrt(1 + noise ** 2):.2f} (10 draws, mean, range): "
          f"NDCG@10 alone {statistics.mean(alone):.4f} ({min(alone):.4f}–{max(alone):.4f}), "
          f"with the lifts {statistics.mean(lifted):.4f} ({min(lifted):.4f}–{max(lifted):.4f})")
