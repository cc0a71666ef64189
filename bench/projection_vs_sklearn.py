#!/usr/bin/python3
# Same-run reference for bench_projection (issue 17): scikit-learn's t-SNE
# (Barnes-Hut, 2 jobs) and randomized PCA on the data Modescape's benchmarks use,
# then Modescape on the same data: bench_projection in process (each gradient,
# and optionally an older build's bench_projection for before/after), and
# `modescape project SET --method tsne|pca` end to end on a set holding the data.
# Run with /usr/bin/python3 (numpy, torch, sklearn). Never called by the tests.
#   bench/projection_vs_sklearn.py BUILD_DIR [--tsne-points N]... [--gradients bh,fft]
#          [--before-bench OLD_BUILD/bin/bench_projection] [--pca-members N --pca-parameters D]
#          [--skip-pca] [--skip-tsne] [--skip-project] [--dir DIR]
#          [--bench-binary PATH] [--baseline-modescape PATH] [--pca-pairs N]
# PCA: scikit-learn's randomized PCA (k = 2, matrix in memory), then on the same
# data bench_projection's streamed PCA (from a float32 file; it also times the
# code before the float32 path) and `modescape project --method pca`, each
# with the ratio scikit-learn time / Modescape time. --pca-pairs N then
# alternates N more scikit-learn fits with N `project --pca randomized` runs
# and prints each pair's ratio and the ratio of the totals: on a machine whose
# timings drift (scikit-learn's by a factor 1.5 between fits), pairs taken
# minutes apart are what can be compared.
import argparse, json, os, platform, re, shutil, subprocess, sys, time
import numpy as np
import sklearn
from sklearn.decomposition import PCA
from sklearn.manifold import TSNE
from sklearn.manifold._t_sne import _joint_probabilities_nn
from sklearn.neighbors import NearestNeighbors
import torch


def load():
    return " ".join(f"{v:.2f}" for v in os.getloadavg())


def noise(stream, index):
    """bench_projection.cpp's noise(stream, index): splitmix64, in [-1, 1)."""
    with np.errstate(over="ignore"):
        z = np.uint64(stream) * np.uint64(0x9E3779B97F4A7C15) + index.astype(np.uint64) + np.uint64(0x632BE59BD9B4E5F5)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z ^= z >> np.uint64(31)
    return ((z >> np.uint64(40)).astype(np.float64) * 2.0**-23 - 1.0).astype(np.float32)


def tsne_points(n, dim=50, clusters=10):
    """bench_projection.cpp's benchTsne data: ten clusters in 50-D."""
    i = np.arange(n)[:, None]
    j = np.arange(dim)[None, :]
    x = 1.7 * noise(7, (i * dim + j).ravel()).reshape(n, dim).astype(np.float64)
    x[np.arange(n), np.arange(n) % clusters] += 8.0
    return x


def exact_kl(x, y, perplexity):
    """KL(P || Q) with scikit-learn's sparse P (3 * perplexity neighbours) and the exact Z."""
    k = min(len(x) - 1, int(3.0 * perplexity + 1))
    graph = NearestNeighbors(n_neighbors=k).fit(x).kneighbors_graph(mode="distance")
    graph.data **= 2
    p = _joint_probabilities_nn(graph, perplexity, 0).tocoo()
    z = 0.0
    for r0 in range(0, len(y), 1024):
        d2 = ((y[r0:r0 + 1024, None, :] - y[None, :, :]) ** 2).sum(-1)
        z += (1.0 / (1.0 + d2)).sum()
    z -= len(y)
    d2 = ((y[p.row] - y[p.col]) ** 2).sum(-1)
    q = np.maximum(1.0 / (1.0 + d2) / z, np.finfo(float).eps)
    return float((p.data * np.log(np.maximum(p.data, np.finfo(float).eps) / q)).sum())


def write_set(folder, rows):
    """A set of MLP 5-6-2 members (50 parameters) whose flattened weights are `rows`."""
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    shapes = [("0.weight", (6, 5)), ("0.bias", (6,)), ("2.weight", (2, 6)), ("2.bias", (2,))]
    members = []
    for m, row in enumerate(rows):
        sd, at = {}, 0
        for name, shape in shapes:
            size = int(np.prod(shape))
            sd[name] = torch.tensor(row[at:at + size], dtype=torch.float32).reshape(shape)
            at += size
        f = f"m{m:05d}.pt"
        torch.save(sd, os.path.join(folder, f))
        members.append({"file": f, "group": "bench"})
    json.dump({"model": {"builtin": "mlp", "args": {"widths": [5, 6, 2]}}, "members": members},
              open(os.path.join(folder, "modescape.json"), "w"))


def run_modescape(binary, folder, extra):
    t = time.perf_counter()
    out = subprocess.run([binary, "project", folder, "--json"] + extra, check=True,
                         capture_output=True, text=True).stdout
    return time.perf_counter() - t, json.loads(out)


# bench_projection's line per run: "  bh    perplexity 30.0, ...: 4.21 s (...), ..., final KL 2.1234, ..."
RUN_LINE = re.compile(r"^\s+(\w+)\s+perplexity .*?iterations: ([\d.]+) s .*final KL ([\d.]+)")


def run_bench(binary, n, gradients):
    """bench_projection's t-SNE runs at n points: {gradient: (seconds, KL)}, and its output."""
    cmd = [binary, "--no-pca", "--tsne-points", str(n)]
    for g in gradients:
        cmd += ["--tsne-gradient", g]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    runs = {}
    for line in out.splitlines():
        m = RUN_LINE.match(line)
        if m:
            runs[m.group(1)] = (float(m.group(2)), float(m.group(3)))
    return runs, out


def bench_tsne(args, n):
    x = tsne_points(n)
    print(f"\nt-SNE: {n} points in 50-D (10 clusters), perplexity 30, load {load()}")
    t = time.perf_counter()
    sk = TSNE(n_components=2, perplexity=30.0, init="pca", learning_rate="auto",
              method="barnes_hut", n_jobs=2, random_state=0).fit(x)
    sk_time = time.perf_counter() - t
    sk_kl = exact_kl(x, sk.embedding_.astype(np.float64), 30.0)
    print(f"  scikit-learn {sklearn.__version__} Barnes-Hut, 2 jobs: {sk_time:.1f} s, "
          f"its KL {sk.kl_divergence_:.4f}, exact-Z KL {sk_kl:.4f}  (load {load()})")
    gradients = args.gradients.split(",")
    for label, binary in [("before", args.before_bench), ("now", os.path.join(args.build, "bin", "bench_projection"))]:
        if not binary:
            continue
        if not os.access(binary, os.X_OK):
            print(f"  (no {binary}: {label} not measured)")
            continue
        runs, out = run_bench(binary, n, gradients)
        for line in out.splitlines():
            if "phases:" in line:
                print(f"  {label:6s} {line.strip()}")
        for g, (seconds, kl) in runs.items():
            print(f"  {label:6s} bench_projection --tsne-gradient {g}: {seconds:.2f} s in process, KL {kl:.4f}; "
                  f"speed-up over scikit-learn {sk_time / seconds:.2f}x, KL - scikit-learn's {kl - sk_kl:+.4f}"
                  f"  (load {load()})")
    binary = os.path.join(args.build, "bin", "modescape")
    if args.skip_project or not os.access(binary, os.X_OK):
        print(f"  (modescape project not measured)")
        return
    folder = os.path.join(args.dir, f"bench_tsne_set_{n}")
    write_set(folder, x.astype(np.float32))
    for gradient in gradients:
        seconds, result = run_modescape(binary, folder, ["--method", "tsne", "--tsne-gradient", gradient])
        print(f"  modescape project --method tsne --tsne-gradient {gradient}: {seconds:.1f} s end to end, "
              f"KL {result['kl']:.4f}; speed-up over scikit-learn {sk_time / seconds:.2f}x, "
              f"KL - scikit-learn's {result['kl'] - sk_kl:+.4f}  (load {load()})")
    shutil.rmtree(folder, ignore_errors=True)


def bench_pca(args):
    n, d = args.pca_members, args.pca_parameters
    print(f"\nPCA: {n} members x {d} parameters, load {load()}")
    x = np.empty((n, d), dtype=np.float32)
    for i in range(n):  # bench_projection.cpp's writeMembers
        j = np.arange(d)
        a, b = 3.0 * np.cos(np.float32(i)), 1.5 * np.sin(np.float32(0.37) * np.float32(i))
        x[i] = (0.05 * noise(1, j) + a * 1e-2 * noise(2, j) + b * 1e-2 * noise(3, j)
                + 1e-3 * noise(100 + i, j))
    t = time.perf_counter()
    sk = PCA(n_components=2, svd_solver="randomized", random_state=0).fit(x)
    sk_time = time.perf_counter() - t
    print(f"  scikit-learn {sklearn.__version__} randomized PCA, k = 2 (matrix in memory): {sk_time:.2f} s, "
          f"explained {sk.explained_variance_ratio_[0]:.6f} {sk.explained_variance_ratio_[1]:.6f}  (load {load()})")
    bench = os.path.join(args.build, "bin", "bench_projection")
    if args.bench_binary:
        bench = args.bench_binary
    if os.access(bench, os.X_OK):
        # The same data streamed from a float32 file: Gram + eigen + the k = 10 directions pass.
        cmd = [bench, "--members", str(n), "--parameters", str(d), "--no-tsne", "--dir", args.dir]
        if args.no_dense_baseline:
            cmd.append("--no-baseline")
        out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
        for line in out.splitlines():
            if line.startswith("  "):
                print("  bench_projection:" + line[1:])
            if line.startswith("pca-seconds"):
                v = line.split()
                gram, directions, before_gram, before_dir = float(v[2]), float(v[4]), float(v[6]), float(v[8])
                ours = gram + directions
                before = (f"before: {before_gram + before_dir:.2f} s, {sk_time / (before_gram + before_dir):.2f}x"
                          if before_gram > 0 else "no dense baseline")
                print(f"  Modescape streamed exact PCA (Gram + directions; the eigen step is timed apart): "
                      f"{ours:.2f} s; scikit-learn / Modescape = {sk_time / ours:.2f}x  ({before})  (load {load()})")
                randomized = float(v[10])
                print(f"  Modescape streamed randomized PCA (k = 2, from a cold page cache): {randomized:.2f} s; "
                      f"scikit-learn / Modescape = {sk_time / randomized:.2f}x  (load {load()})")
    else:
        print(f"  (no {bench}: the streamed PCA of bench_projection not measured)")
    binary = os.path.join(args.build, "bin", "modescape")
    if not os.access(binary, os.X_OK):
        print(f"  (no {binary}: modescape project not measured)")
        return
    folder = os.path.join(args.dir, f"bench_pca_set_{n}x{d}")
    write_set_flat(folder, x)
    if not args.pca_pairs:
        del x  # the end-to-end runs need the memory more
    # The default (auto) first: what a user gets; then each algorithm by name.
    runs = [(binary, "auto"), (binary, "exact"), (binary, "randomized")]
    if args.baseline_modescape:
        runs += [(args.baseline_modescape, a) for a in ("auto", "exact", "randomized")]
    for exe, algorithm in runs:
        if algorithm in args.skip_algorithms.split(","):
            continue
        seconds, result = run_modescape(exe, folder, ["--method", "pca", "--pca", algorithm])
        which = "" if exe == binary else f" [baseline {exe}]"
        ratios = " ".join(f"{r:.6f}" for r in result["explained_variance_ratio"][:2])
        print(f"  modescape project --method pca --pca {algorithm}{which}: {seconds:.2f} s end to end "
              f"({result.get('algorithm', '?')}), explained {ratios} (scikit-learn "
              f"{sk.explained_variance_ratio_[0]:.6f} {sk.explained_variance_ratio_[1]:.6f}); "
              f"scikit-learn / Modescape = {sk_time / seconds:.2f}x  (load {load()})")
    if args.pca_pairs:
        pairs(args, x, binary, folder)
    shutil.rmtree(folder, ignore_errors=True)


def pairs(args, x, binary, folder):
    """scikit-learn's fit and `project --pca randomized`, alternating, args.pca_pairs times."""
    totals = [0.0, 0.0]
    for p in range(args.pca_pairs):
        t = time.perf_counter()
        PCA(n_components=2, svd_solver="randomized", random_state=0).fit(x)
        sk_time = time.perf_counter() - t
        seconds, _ = run_modescape(binary, folder, ["--method", "pca", "--pca", "randomized"])
        totals[0] += sk_time
        totals[1] += seconds
        print(f"  pair {p + 1}: scikit-learn {sk_time:.2f} s, modescape {seconds:.2f} s end to end: "
              f"{sk_time / seconds:.2f}x  (load {load()})", flush=True)
    print(f"  {args.pca_pairs} pairs: scikit-learn {totals[0]:.2f} s, modescape {totals[1]:.2f} s: "
          f"{totals[0] / totals[1]:.2f}x")


def write_set_flat(folder, x):
    """A set of MLP d-1 members whose single weight row holds x[i] (plus one bias)."""
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    members = []
    for m, row in enumerate(x):
        f = f"m{m:05d}.pt"
        torch.save({"0.weight": torch.from_numpy(row[:-1].copy()).reshape(1, -1),
                    "0.bias": torch.from_numpy(row[-1:].copy())}, os.path.join(folder, f))
        members.append({"file": f, "group": "bench"})
    json.dump({"model": {"builtin": "mlp", "args": {"widths": [x.shape[1] - 1, 1]}}, "members": members},
              open(os.path.join(folder, "modescape.json"), "w"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build")
    ap.add_argument("--tsne-points", type=int, action="append")
    ap.add_argument("--gradients", default="bh,fft", help="bench_projection's --tsne-gradient values")
    ap.add_argument("--before-bench", help="an older build's bench_projection, run on the same data")
    ap.add_argument("--skip-project", action="store_true", help="no `modescape project` runs")
    ap.add_argument("--pca-members", type=int, default=1000)
    ap.add_argument("--pca-parameters", type=int, default=1000000)
    ap.add_argument("--skip-pca", action="store_true")
    ap.add_argument("--no-dense-baseline", action="store_true",
                    help="bench_projection without its dense float64 Gram (the slowest part)")
    ap.add_argument("--skip-algorithms", default="",
                    help="comma-separated --pca values not to run end to end (auto, exact, randomized)")
    ap.add_argument("--skip-tsne", action="store_true")
    ap.add_argument("--dir", default="/tmp")
    ap.add_argument("--pca-pairs", type=int, default=0,
                    help="then N scikit-learn fits alternating with N `project --pca randomized` runs")
    ap.add_argument("--bench-binary", help="bench_projection to run on the PCA data "
                    "(default BUILD/bin/bench_projection)")
    ap.add_argument("--baseline-modescape", help="an older modescape binary, timed on the same set")
    args = ap.parse_args()
    model = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")),
                 platform.machine())
    try:
        from threadpoolctl import threadpool_info
        blas = "; ".join(f"{i.get('internal_api')} {i.get('version')} ({i.get('num_threads')} threads)"
                         for i in threadpool_info() if i.get("user_api") == "blas")
    except ImportError:
        blas = "?"
    print(f"machine: {model}, {os.cpu_count()} CPUs; numpy/scikit-learn BLAS: {blas}")
    print(f"load before: {load()}")
    if not args.skip_tsne:
        for n in args.tsne_points or [5000, 20000]:
            bench_tsne(args, n)
    if not args.skip_pca:
        bench_pca(args)
    print(f"\nload after: {load()}")


if __name__ == "__main__":
    sys.exit(main())
