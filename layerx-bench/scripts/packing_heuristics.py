#!/usr/bin/env python3
"""Online vector-packing heuristics on the Alibaba cluster-trace-gpu-v2023 pod list, in arrival order.

Offline companion of `layerx bench packing`: same tasks (creation order, those that fit one 96-core, 384 GiB,
8-GPU node), same node shape, same lower bound. Two GPU models: `scalar` (a node's GPU milli is one pool, as the
bench gives LayerX today) and `devices` (8 GPUs; a share must fit one device, whole GPUs take free devices).
A task goes to the open node with the lowest score; a task that fits none opens a node.

    python3 layerx-bench/scripts/packing_heuristics.py /work/shared/data/alibaba-gpu-v2023 scalar
    python3 layerx-bench/scripts/packing_heuristics.py /work/shared/data/alibaba-gpu-v2023 devices
"""
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


def main():
    folder, model = sys.argv[1], sys.argv[2]
    tasks = load(folder)
    bound = max(math.ceil(sum(t[0] for t in tasks) / C), math.ceil(sum(t[1] for t in tasks) / M),
                math.ceil(sum(gpu_total(t) for t in tasks) / (NG * 1000)))
    print(f'{len(tasks)} tasks, lower bound {bound} nodes, GPU model {model}')
    for name, score in SCORES.items():
        used = run(tasks, model, score)
        print(f'{name}: {used} nodes, {used / bound:.4f}x', flush=True)


if __name__ == '__main__':
    main()
