#!/usr/bin/env python3
"""Online vector-packing heuristics on the Alibaba cluster-trace-gpu-v2023 pod list, in arrival order.

Offline companion of `layerx bench packing`: same tasks (creation order, those that fit one 96-core, 384 GiB,
8-GPU node), same node shape, same lower bound. Two GPU models: `scalar` (a node's GPU milli is one pool, as the
bench gives LayerX today) and `devices` (8 GPUs; a share must fit one device, whole GPUs take free devices).
A task goes to the open node with the lowest score; a task that fits none opens a node.

    python3 layerx-bench/scripts/packing_heuristics.py /work/shared/data/alibaba-gpu-v2023 scalar
    python3 layerx-bench/scripts/packing_heuristics.py /work/shared/data/alibaba-gpu-v2023 devices

Three more modes (8 GPU devices; need numpy) replay LayerX's fragmentation-aware binpack (`FragmentationScorer`:
expected free room the sizes seen so far cannot use, FGD's device term, fullness, an idle node only when no node
in use fits) over every open node, and ask where the gap to the bound comes from:

    ... fgd      the scorer and the variants tried against it (weights, class segregation, cpu reserved for GPUs)
    ... orders   best-fit and the scorer on the same tasks in other orders (shuffled in windows, reversed)
    ... sample   the sampled pass whose candidates starved (idle nodes at the front of the emptiest cell; the 909
                 once measured), for several pool and sample sizes
    ... offline  what knowing every task up front buys (no numpy): decreasing first-fit and best-fit by the largest
                 share and by cpu, and bin-centric greedy (fill one node at a time with the task that fits best)
"""
import collections
import csv
import math
import sys

C, M, NG = 96000, 393216, 8


def load(folder):
    pods = list(csv.DictReader(open(folder + '/openb_pod_list_default.csv')))
    pods.sort(key=lambda p: int(p['creation_time']))
    out = []
    for p in pods:
        n, g = int(p['num_gpu']), int(p['gpu_milli'])
        t = (int(p['cpu_milli']), int(p['memory_mib']), n, g if n == 1 else 1000)
        if t[0] <= C and t[1] <= M and t[2] <= NG:
            out.append(t)
    return out


def gpu_total(t):
    return t[2] * t[3] if t[2] != 1 else t[3]


def place_devices(devs, t):
    """Device choice for a task on a node, or None: best-fit device for a share, the first free ones for whole GPUs."""
    if t[2] == 0:
        return []
    if t[2] == 1 and t[3] < 1000:
        fit = [i for i, d in enumerate(devs) if d >= t[3]]
        return [min(fit, key=lambda i: (devs[i], i))] if fit else None
    free = [i for i, d in enumerate(devs) if d == 1000]
    return free[:t[2]] if len(free) >= t[2] else None


def after(node, t, choice, model):
    cpu, mem = (node[0] - t[0]) / C, (node[1] - t[1]) / M
    if model == 'scalar':
        return cpu, mem, (node[2] - gpu_total(t)) / (NG * 1000)
    devs = list(node[2])
    for i in choice:
        devs[i] -= t[3] if t[2] == 1 else 1000
    return cpu, mem, sum(devs) / (NG * 1000)


SCORES = {
    'first-fit': None,
    'best-fit (L1 of free shares)': lambda r, t, n: sum(r),
    'L2 of free shares': lambda r, t, n: sum(x * x for x in r),
    'best-fit on cpu, the bound dimension': lambda r, t, n: (round(r[0], 3), sum(r)),
    'max free share': lambda r, t, n: max(r),
    'dot product (Tetris alignment)': lambda r, t, n: -sum(a * b for a, b in zip(r, (t[0] / C, t[1] / M, gpu_total(t) / (NG * 1000)))),
}


def run(tasks, model, score):
    nodes = []
    for t in tasks:
        best, best_score, best_choice = None, None, None
        for i, n in enumerate(nodes):
            if n[0] < t[0] or n[1] < t[1]:
                continue
            if model == 'scalar':
                choice = [] if n[2] >= gpu_total(t) else None
            else:
                choice = place_devices(n[2], t)
            if choice is None:
                continue
            if score is None:
                best, best_choice = i, choice
                break
            s = score(after(n, t, choice, model), t, n)
            if best_score is None or s < best_score:
                best, best_score, best_choice = i, s, choice
        if best is None:
            nodes.append([C, M, NG * 1000 if model == 'scalar' else [1000] * NG])
            best = len(nodes) - 1
            best_choice = [] if model == 'scalar' else place_devices(nodes[best][2], t)
        n = nodes[best]
        n[0] -= t[0]
        n[1] -= t[1]
        if model == 'scalar':
            n[2] -= gpu_total(t)
        else:
            for i in best_choice:
                n[2][i] -= t[3] if t[2] == 1 else 1000
    return len(nodes)


def gdem(t):
    """The task's gpu demand as LayerX has it: a share of one device (< 1000) or n x 1000 whole devices."""
    return 0 if t[2] == 0 else (t[3] if t[2] == 1 and t[3] < 1000 else t[2] * 1000)


def kind(t):
    """0 cpu-only, 1 GPU-sharing, 2 whole GPUs."""
    return 0 if t[2] == 0 else (1 if t[2] == 1 and t[3] < 1000 else 2)


def take(np, dev, g):
    """Devices after demand g on each row (GpuShares.take: best-fit device for a share, lowest idle ones for whole)."""
    d = dev.copy()
    if g == 0:
        return d
    if g < 1000:
        d[np.arange(len(d)), np.where(d >= g, d, 10 ** 9).argmin(axis=1)] -= g
    else:
        idle = d >= 1000
        d[idle & (np.cumsum(idle, axis=1) <= g // 1000)] -= 1000
    return d


def fragmentation(np, cpu, mem, dev, sizes, weights, device_weight):
    """FragmentationScorer.fragmentation for each row: per size, all free room if it no longer fits, else FGD's term."""
    room = cpu / C + mem / M + dev.sum(axis=1) / 8000
    g = sizes[:, 2]
    fits = (cpu[:, None] >= sizes[None, :, 0]) & (mem[:, None] >= sizes[None, :, 1]) & np.where(
        g[None, :] == 0, True, np.where(g[None, :] < 1000, dev.max(axis=1)[:, None] >= g[None, :],
                                        (dev >= 1000).sum(axis=1)[:, None] * 1000 >= g[None, :]))
    need = np.minimum(g, 1000)
    small = (dev[:, None, :] * (dev[:, None, :] < need[None, :, None])).sum(axis=2)
    small = np.where(g[None, :] > 0, small, 0)
    return np.where(fits, device_weight * small / 8000, room[:, None]) @ weights


def replay(tasks, score='fgd', device_weight=0.3, fullness=0.001, tiers=None, extra=None, candidates=None,
           placed=None):
    """Online placement over every open node: 'fgd' (LayerX's scorer) or 'bf' (least L1 of free shares after).
    tiers(t, cpu, mem, dev, cls) lists node masks tried in turn (class segregation); extra adds to the score;
    candidates(k, t, feasible, state) may narrow the feasible nodes (a sampled pass; none left opens a node),
    placed(k, node, state) hears of each placement. Returns the nodes opened."""
    import collections
    import numpy as np
    cap = len(tasks)
    cpu, mem = np.zeros(cap, dtype=np.int64), np.zeros(cap, dtype=np.int64)
    dev, cls = np.zeros((cap, NG), dtype=np.int64), np.zeros(cap, dtype=np.int64)
    n, seen = 0, collections.Counter()
    for k, t in enumerate(tasks):
        g = gdem(t)
        c, m, d = cpu[:n], mem[:n], dev[:n]
        ok = (c >= t[0]) & (m >= t[1])
        if g > 0:
            ok &= (d.max(axis=1) >= g) if g < 1000 else ((d >= 1000).sum(axis=1) >= g // 1000)
        feasible = np.nonzero(ok)[0]
        if tiers is not None:
            feasible = np.array([], dtype=np.int64)
            for mask in tiers(t, c, m, d, cls[:n]):
                feasible = np.nonzero(ok & mask)[0]
                if len(feasible):
                    break
        if candidates is not None:
            feasible = candidates(k, t, feasible, (cpu, mem, dev, n))
        if len(feasible) == 0:
            i, n = n, n + 1
            cpu[i], mem[i], dev[i], cls[i] = C, M, 1000, kind(t)
        elif not seen:
            i = feasible[0]
        else:
            fc, fm, fd = cpu[feasible], mem[feasible], dev[feasible]
            ac, am, ad = fc - t[0], fm - t[1], take(np, fd, g)
            if score == 'fgd':
                top = seen.most_common(128)
                sizes = np.array([z for z, _ in top], dtype=np.int64)
                weights = np.array([w for _, w in top], dtype=float)
                weights /= weights.sum()
                s = -(fragmentation(np, ac, am, ad, sizes, weights, device_weight)
                      - fragmentation(np, fc, fm, fd, sizes, weights, device_weight))
                s = s + fullness * ((C - ac) / C + (M - am) / M + (8000 - ad.sum(axis=1)) / 8000) / 3
            else:
                s = -(ac / C + am / M + ad.sum(axis=1) / 8000)
            if extra is not None:
                s = s + extra(t, ac, am, ad)
            i = feasible[np.argmax(s)]
        cpu[i] -= t[0]
        mem[i] -= t[1]
        dev[i:i + 1] = take(np, dev[i:i + 1], g)
        seen[(t[0], t[1], g)] += 1
        if placed is not None:
            placed(k, i, (cpu, mem, dev, n))
    return n


def fgd_variants(tasks):
    import numpy as np

    def cpu_only_to_spent_gpus(t, c, m, d, cl):
        spent = d.max(axis=1) < 230 if len(c) else np.ones(0, bool)
        return [spent, np.ones(len(c), bool)] if kind(t) == 0 else [np.ones(len(c), bool)]

    def own_class_first(t, c, m, d, cl):
        return [cl == kind(t), np.ones(len(c), bool)]

    def cpu_nodes_apart(t, c, m, d, cl):
        return [(cl == 0) if kind(t) == 0 else (cl != 0), np.ones(len(c), bool)]

    def cpu_for_idle_gpus(t, ac, am, ad):
        return -3 * np.maximum(0, (ad >= 1000).sum(axis=1) * 3152 - ac) / C

    yield 'best-fit (L1 of free shares), over every open node', replay(tasks, 'bf')
    yield 'fragmentation (LayerX binpack on GPU nodes)', replay(tasks)
    for dw in (0, 1, 3):
        for fw in (0, 0.01, 0.1):
            yield f'fragmentation, device weight {dw}, fullness weight {fw}', replay(tasks, device_weight=dw, fullness=fw)
    yield 'fragmentation, cpu-only tasks on nodes whose GPUs are spent first', replay(tasks, tiers=cpu_only_to_spent_gpus)
    yield 'fragmentation, each class on nodes it opened first', replay(tasks, tiers=own_class_first)
    yield 'fragmentation, cpu-only and GPU nodes apart first', replay(tasks, tiers=cpu_nodes_apart)
    yield 'best-fit, cpu-only tasks on nodes whose GPUs are spent first', replay(tasks, 'bf', tiers=cpu_only_to_spent_gpus)
    yield 'fragmentation, 3.2 cores kept per idle GPU', replay(tasks, extra=cpu_for_idle_gpus)


def orders(tasks):
    import random
    for w in (10, 100, 1000, 4000):
        r, out = random.Random(0), []
        for i in range(0, len(tasks), w):
            b = list(tasks[i:i + w])
            r.shuffle(b)
            out += b
        yield f'shuffled in windows of {w}', replay(out, 'bf'), replay(out)
    yield 'reversed', replay(tasks[::-1], 'bf'), replay(tasks[::-1])


def starved_sample(tasks, pool, sample):
    """The candidates of the sampled pass before the capacity index put idle nodes last: cells of power-of-two
    buckets of free room, fullest first; inside a cell the nodes changed longest ago first, and the idle nodes
    (never refiled) at the front of the emptiest cell, which nodes barely used share with them; the first `sample`
    nodes that fit."""
    import numpy as np
    bucket = lambda a: 0 if a <= 0 else int(a).bit_length()
    key = lambda c, m, d: (bucket(c), bucket(m), bucket(d.sum()), bucket((d >= 1000).sum() * 1000), bucket(d.max()))
    idle_key = key(C, M, np.full(NG, 1000))
    cells, changed = {}, {}

    def placed(k, i, state):
        cpu, mem, dev, n = state
        cells[i], changed[i] = key(cpu[i], mem[i], dev[i]), k

    def candidates(k, t, feasible, state):
        n = state[3]
        order = sorted(feasible, key=lambda i: (sum(cells[i][:3]), cells[i], changed[i]))
        older = [i for i in order if cells[i] != idle_key][:sample]
        room = sample - len(older) - (pool - n)
        young = [i for i in order if cells[i] == idle_key][:max(0, room)]
        return np.array(older + young, dtype=np.int64)
    return replay(tasks, candidates=candidates, placed=placed)


def bin_centric(tasks, rule):
    """Fills one node at a time: while a task fits, the one of the highest rule(node, task) goes in (by kind)."""
    left = collections.Counter(tasks)
    nodes = 0
    while left:
        nodes += 1
        n = [C, M, [1000] * NG]
        while True:
            best = None
            for t in left:
                if n[0] < t[0] or n[1] < t[1]:
                    continue
                choice = place_devices(n[2], t)
                if choice is not None and (best is None or rule(n, t) > best[0]):
                    best = (rule(n, t), t, choice)
            if best is None:
                break
            _, t, choice = best
            n[0] -= t[0]
            n[1] -= t[1]
            for i in choice:
                n[2][i] -= t[3] if t[2] == 1 else 1000
            left[t] -= 1
            if left[t] == 0:
                del left[t]
    return nodes


def offline(tasks):
    share = lambda t: (max(t[0] / C, gpu_total(t) / (NG * 1000)), t[0])
    best_fit = SCORES['best-fit (L1 of free shares)']
    dot = lambda n, t: (t[0] / C) * (n[0] / C) + (t[1] / M) * (n[1] / M) \
        + gpu_total(t) / (NG * 1000) * sum(n[2]) / (NG * 1000)
    yield 'first-fit decreasing by largest share', run(sorted(tasks, key=share, reverse=True), 'devices', None)
    yield 'best-fit decreasing by largest share', run(sorted(tasks, key=share, reverse=True), 'devices', best_fit)
    yield 'first-fit decreasing by cpu', run(sorted(tasks, key=lambda t: t[0], reverse=True), 'devices', None)
    yield 'bin-centric, dot product of demand and free room', bin_centric(tasks, dot)
    yield 'bin-centric, largest share first', bin_centric(tasks, lambda n, t: share(t))


def main():
    folder, model = sys.argv[1], sys.argv[2]
    tasks = load(folder)
    if model == 'offline':
        bound = math.ceil(sum(t[0] for t in tasks) / C)
        print(f'{len(tasks)} tasks, lower bound {bound} nodes, 8 GPU devices, every task known up front')
        for name, used in offline(tasks):
            print(f'{name}: {used} nodes, {used / bound:.4f}x', flush=True)
        return
    if model in ('fgd', 'orders', 'sample'):
        bound = max(math.ceil(sum(t[0] for t in tasks) / C), math.ceil(sum(t[1] for t in tasks) / M),
                    math.ceil(sum(gpu_total(t) for t in tasks) / (NG * 1000)))
        print(f'{len(tasks)} tasks, lower bound {bound} nodes, 8 GPU devices, arrival order unless said')
        if model == 'fgd':
            for name, used in fgd_variants(tasks):
                print(f'{name}: {used} nodes, {used / bound:.4f}x', flush=True)
        elif model == 'orders':
            for name, bf, fg in orders(tasks):
                print(f'{name}: best-fit {bf}, fragmentation {fg} nodes', flush=True)
        else:
            for pool, sample in ((1328, 531), (1200, 480), (1500, 600), (1328, 400), (1328, 700)):
                print(f'starved sample, pool {pool}, sample {sample}: {starved_sample(tasks, pool, sample)} nodes',
                      flush=True)
        return
    bound = max(math.ceil(sum(t[0] for t in tasks) / C), math.ceil(sum(t[1] for t in tasks) / M),
                math.ceil(sum(gpu_total(t) for t in tasks) / (NG * 1000)))
    print(f'{len(tasks)} tasks, lower bound {bound} nodes, GPU model {model}')
    for name, score in SCORES.items():
        used = run(tasks, model, score)
        print(f'{name}: {used} nodes, {used / bound:.4f}x', flush=True)


if __name__ == '__main__':
    main()
