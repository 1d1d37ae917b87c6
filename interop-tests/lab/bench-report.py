#!/usr/bin/env python3
"""Turns the side-by-side benchmark results (issue 10) into docs/benchmarks.md and charts.

Reads every ID.json in the results directory (interop-tests/target/bench by default: what the
Compare*Benchmark classes write, see CompareResult.java) and machine.json (written by
interop-tests/lab/benchmarks.sh), then rewrites the part of docs/benchmarks.md between
<!-- compare:begin --> and <!-- compare:end --> (inserted before the first "## " heading when
missing; the rest of the file is kept as it is) and draws docs/bench/ID.png per scenario: median
bars with min-max whiskers. Rows that carry the sender's CPU seconds ("cpu") get a CPU column;
scaling.json (CompareScalingBenchmark: "points" instead of "rows") becomes the scaling table and
docs/bench/scaling.png.

Usage: bench-report.py [--results DIR] [--doc FILE] [--charts DIR] [--command TEXT]
       bench-report.py --self-test      (runs the doctests of the pure functions)
"""
import argparse
import glob
import json
import os
import re
import statistics
import sys

BEGIN = "<!-- compare:begin -->"
END = "<!-- compare:end -->"
# Scenario order in the document, by id prefix; anything else follows alphabetically.
ORDER = ["bulk", "fanout", "fan-out", "memory", "churn", "gr", "graceful", "cli"]


def median(xs):
    """Median of the runs, None when there are none.

    >>> median([3.0, 1.0, 2.0])
    2.0
    >>> median([1.0, 2.0])
    1.5
    >>> median([]) is None
    True
    """
    return statistics.median(xs) if xs else None


def fmt(x):
    """A figure with sensible digits.

    >>> fmt(0.01234), fmt(1.234), fmt(12.34), fmt(1234.5)
    ('0.0123', '1.23', '12.3', '1,234')
    >>> fmt(None)
    '-'
    """
    if x is None:
        return "-"
    a = abs(x)
    if a >= 1000:
        return f"{x:,.0f}"
    if a >= 10:
        return f"{x:.1f}"
    if a >= 1:
        return f"{x:.2f}"
    return f"{x:.3g}"


def ratio(herald_median, peer_median):
    """herald's median over the peer's: below 1 herald is faster (or smaller).

    >>> ratio(2.0, 4.0)
    0.5
    >>> ratio(None, 4.0) is None, ratio(2.0, None) is None, ratio(2.0, 0.0) is None
    (True, True, True)
    """
    if herald_median is None or peer_median is None or peer_median == 0:
        return None
    return herald_median / peer_median


def goal_checks(goal, unit, medians, budgets=None, cpu_medians=None):
    """Each clause of a goal that can be read, with whether herald meets it.

    medians maps implementation (lower case) to median. Understood clauses: "at most 1.5x BIRD's"
    (herald / BIRD at most 1.5) and "at most 20 ms" / "within 5 s" (herald's median, when the
    scenario's unit is that unit). Returns (clause text, True/False/None) pairs; None: not measured.

    >>> goal_checks("herald at most 1.0x BIRD's time and at most 0.2x GoBGP's", "s",
    ...             {"herald": 2.0, "bird": 4.0, "gobgp": 5.0})
    [("at most 1.0x BIRD's", True), ("at most 0.2x GoBGP's", False)]
    >>> goal_checks("herald's p99 at most 20 ms", "ms", {"herald": 12.0})
    [('at most 20 ms', True)]
    >>> goal_checks("End-of-RIB within 5 s of restart", "s", {})
    [('within 5 s', None)]
    >>> goal_checks("zero withdrawals", "s", {"herald": 1.0})
    []

    A clause starting with "CPU" compares the CPU seconds' medians instead:

    >>> goal_checks("herald at most 1.0x BIRD's time; CPU at most 1.5x BIRD's", "s",
    ...             {"herald": 2.0, "bird": 1.0}, cpu_medians={"herald": 3.0, "bird": 2.5})
    [("at most 1.0x BIRD's", False), ("CPU at most 1.5x BIRD's", True)]

    budgets maps an implementation with no run inside its budget to that budget: herald's ratio
    is then below herald / budget, which meets the goal when that bound does.

    >>> goal_checks("at most 0.2x GoBGP's", "s", {"herald": 10.0, "gobgp": None}, {"gobgp": 150.0})
    [("at most 0.2x GoBGP's", True)]
    >>> goal_checks("at most 0.2x GoBGP's", "s", {"herald": 40.0, "gobgp": None}, {"gobgp": 150.0})
    [("at most 0.2x GoBGP's", None)]
    """
    budgets = budgets or {}
    cpu_medians = cpu_medians or {}
    out = []
    for m in re.finditer(r"(CPU )?at most ([0-9.]+) ?x ([A-Za-z0-9]+)'s", goal):
        limit, peer = float(m.group(2)), m.group(3)
        if m.group(1):
            r = ratio(cpu_medians.get("herald"), cpu_medians.get(peer.lower()))
            out.append((m.group(0), None if r is None else r <= limit))
            continue
        r = ratio(medians.get("herald"), medians.get(peer.lower()))
        if r is None and budgets.get(peer.lower()) is not None:
            bound = ratio(medians.get("herald"), budgets[peer.lower()])
            out.append((m.group(0), True if bound is not None and bound <= limit else None))
            continue
        out.append((m.group(0), None if r is None else r <= limit))
    for m in re.finditer(r"(at most|within) ([0-9.]+) ?([A-Za-z%]+)\b", goal):
        if m.group(3) == unit:
            h = medians.get("herald")
            out.append((m.group(0), None if h is None else h <= float(m.group(2))))
    return out


def scenario_key(result):
    """Sort key: ORDER by id prefix, then id.

    >>> sorted(["memory", "bulk-frr", "zeta", "bulk-bird", "churn"], key=lambda i: scenario_key({"id": i}))
    ['bulk-bird', 'bulk-frr', 'memory', 'churn', 'zeta']
    """
    rid = result["id"]
    for i, p in enumerate(ORDER):
        if rid == p or rid.startswith(p + "-"):
            return (i, rid)
    return (len(ORDER), rid)


def replace_section(text, section):
    """Puts section between the markers, or before the first '## ' heading when there are none.

    >>> replace_section("# T\\nintro\\n\\n## A\\na\\n", "X")
    '# T\\nintro\\n\\n<!-- compare:begin -->\\nX\\n<!-- compare:end -->\\n\\n## A\\na\\n'
    >>> replace_section("# T\\n<!-- compare:begin -->\\nold\\n<!-- compare:end -->\\n## A\\n", "new")
    '# T\\n<!-- compare:begin -->\\nnew\\n<!-- compare:end -->\\n## A\\n'
    """
    block = BEGIN + "\n" + section.strip("\n") + "\n" + END
    if BEGIN in text and END in text:
        a = text.index(BEGIN)
        b = text.index(END) + len(END)
        return text[:a] + block + text[b:]
    m = re.search(r"^## ", text, re.M)
    if m is None:
        return text.rstrip("\n") + "\n\n" + block + "\n"
    return text[:m.start()] + block + "\n\n" + text[m.start():]


def table(result):
    """The markdown table and notes of one scenario; a row over its budget shows "> budget".

    >>> lines, notes, verdict = table({"unit": "s", "goal": "herald at most 0.2x GoBGP's", "rows": [
    ...     {"impl": "herald", "version": "0.1", "runs": [30.0], "note": ""},
    ...     {"impl": "GoBGP", "version": "3.36", "runs": [], "budget": 150.0, "note": "over"}]})
    >>> lines[3]
    '| GoBGP | 3.36 | **> 150.0** (budget) | - | - | 0 of 1 in budget | < 0.2 |'
    >>> verdict
    "at most 0.2x GoBGP's: met"

    Rows with CPU seconds add two columns:

    >>> lines, _, _ = table({"unit": "s", "goal": "", "rows": [
    ...     {"impl": "herald", "version": "0.1", "runs": [2.0], "cpu": [3.0], "note": ""},
    ...     {"impl": "BIRD", "version": "2.17", "runs": [1.0], "cpu": [1.5], "note": ""}]})
    >>> lines[0].endswith("| CPU s (median) | CPU herald / this |"), lines[3]
    (True, '| BIRD | 2.17 | **1.00** | 1.00 | 1.00 | 1 | 2.00 | 1.50 | 2.00 |')
    """
    unit = result["unit"]
    medians = {r["impl"].lower(): median(r["runs"]) for r in result["rows"]}
    cpus = {r["impl"].lower(): median(r.get("cpu", [])) for r in result["rows"]}
    with_cpu = any(r.get("cpu") for r in result["rows"])
    h = medians.get("herald")
    hc = cpus.get("herald")
    lines = [f"| implementation | version | median ({unit}) | min | max | runs | herald / this |"
             + (" CPU s (median) | CPU herald / this |" if with_cpu else ""),
             "|---|---|---|---|---|---|---|" + ("---|---|" if with_cpu else "")]
    notes = []
    for r in result["rows"]:
        runs = r["runs"]
        name = r["impl"]
        c = cpus.get(name.lower())
        cpu_cells = ""
        if with_cpu:
            cr = "-" if c is None else "1 (herald)" if name.lower() == "herald" else fmt(ratio(hc, c))
            cpu_cells = f" {fmt(c)} | {cr} |"
        if not runs and r.get("budget") is not None:
            b = r["budget"]
            rr = "-" if h is None else f"< {fmt(ratio(h, b))}"
            lines.append(f"| {name} | {r['version'] or '-'} | **> {fmt(b)}** (budget) | - | - | 0 of 1 in budget | {rr} |" + cpu_cells)
        elif not runs:
            lines.append(f"| {name} | {r['version'] or '-'} | not measured | - | - | 0 | - |" + cpu_cells)
        else:
            m = median(runs)
            rr = "1 (herald)" if name.lower() == "herald" else fmt(ratio(h, m))
            lines.append(f"| {name} | {r['version']} | **{fmt(m)}** | {fmt(min(runs))} | {fmt(max(runs))} | {len(runs)} | {rr} |"
                         + cpu_cells)
        if r.get("note"):
            notes.append(f"- {name}: {r['note']}")
    budgets = {r["impl"].lower(): r["budget"] for r in result["rows"] if not r["runs"] and r.get("budget") is not None}
    checks = goal_checks(result["goal"], unit, medians, budgets, cpus)
    verdict = "; ".join(f"{c}: {'met' if ok else 'not met' if ok is not None else 'not measured'}" for c, ok in checks)
    return lines, notes, verdict


def chart(result, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = result["rows"]
    labels, meds, lo, hi, colors = [], [], [], [], []
    for r in rows:
        labels.append(f"{r['impl']}\n{r['version']}" if r["version"] else r["impl"])
        if r["runs"]:
            m = median(r["runs"])
            meds.append(m)
            lo.append(m - min(r["runs"]))
            hi.append(max(r["runs"]) - m)
        elif r.get("budget") is not None:
            meds.append(r["budget"])  # drawn up to the budget, labelled "> budget"
            lo.append(0.0)
            hi.append(0.0)
        else:
            meds.append(0.0)
            lo.append(0.0)
            hi.append(0.0)
        colors.append("#d62728" if r["impl"].lower() == "herald" else "#7f7f7f")
    fig, ax = plt.subplots(figsize=(6.4, 3.6), dpi=100)
    x = range(len(rows))
    ax.bar(x, meds, color=colors, yerr=[lo, hi], capsize=6, ecolor="black")
    top = max([m + e for m, e in zip(meds, hi)] + [1e-9])
    for i, r in enumerate(rows):
        text = fmt(meds[i]) if r["runs"] else f"> {fmt(r['budget'])}" if r.get("budget") is not None else "not measured"
        ax.text(i, (meds[i] + hi[i]) + top * 0.02, text, ha="center", va="bottom", fontsize=9)
    ax.set_xticks(list(x))
    ax.set_xticklabels(labels, fontsize=9)
    ax.set_ylabel(f"median ({result['unit']}), whiskers min-max")
    ax.set_ylim(0, top * 1.18)
    ax.set_title(result["title"], fontsize=10)
    ax.spines["top"].set_visible(False)
    ax.spines["right"].set_visible(False)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def scaling_tables(data):
    """The scaling points as two markdown tables: by prefixes (at 1 peer), by peers.

    >>> t = scaling_tables({"points": [
    ...     {"impl": "herald", "version": "0.1", "prefixes": 100000, "peers": 1, "seconds": 0.5, "rss_mib": 300.0,
    ...      "cpu_s": 0.9, "load_s": 2.0, "note": ""},
    ...     {"impl": "BIRD", "version": "2.17", "prefixes": 100000, "peers": 1, "seconds": 0.4, "rss_mib": 30.0,
    ...      "cpu_s": 0.3, "load_s": 0.5, "note": ""},
    ...     {"impl": "herald", "version": "0.1", "prefixes": 100000, "peers": 8, "seconds": None, "rss_mib": None,
    ...      "cpu_s": None, "load_s": None, "note": "over"}]})
    >>> t[2]
    '| 100,000 | 0.5 | 300.0 | 0.9 | 2.00 | 0.4 | 30.0 | 0.3 | 0.5 | 1.25 | 10.0 |'
    >>> t[-3]
    '| 8 | - | - | - | - | - | - | - | - | - | - |'
    >>> t[-1]
    '- herald, 100,000 prefixes x 8 peers: over'
    """
    pts = data["points"]
    impls = list(dict.fromkeys(p["impl"] for p in pts))
    others = [i for i in impls if i != "herald"]
    first = "herald" if "herald" in impls else (impls[0] if impls else "herald")
    cols = [first] + [i for i in others if i != first]
    anchor = others[0] if others and first == "herald" else None

    def cells(p):
        if p is None:
            return ["-", "-", "-", "-"]
        return [fmt(p["seconds"]), fmt(p["rss_mib"]), fmt(p["cpu_s"]), fmt(p["load_s"])]

    def block(key, label, keep):
        head = f"| {label} |" + "".join(f" {i} bulk (s) | {i} RSS (MiB) | {i} CPU (s) | {i} loaded (s) |" for i in cols)
        if anchor:
            head += f" time herald / {anchor} | RSS herald / {anchor} |"
        n = head.count("|") - 1
        out = [head, "|" + "---|" * n]
        for x in sorted({p[key] for p in pts if keep(p)}):
            row = [next((p for p in pts if p["impl"] == i and p[key] == x and keep(p)), None) for i in cols]
            line = f"| {x:,} |" + "".join(f" {c} |" for p in row for c in cells(p))
            if anchor:
                h, o = row[0], row[cols.index(anchor)]
                ok = h is not None and o is not None
                line += (f" {fmt(ratio(h['seconds'], o['seconds']))} | {fmt(ratio(h['rss_mib'], o['rss_mib']))} |" if ok
                         else " - | - |")
            out.append(line)
        return out

    one_peer = block("prefixes", "prefixes (1 peer)", lambda p: p["peers"] == 1)
    sizes = sorted({p["prefixes"] for p in pts if p["peers"] != 1})
    by_peers = block("peers", f"peers ({sizes[0]:,} prefixes)" if sizes else "peers",
                     lambda p: (p["prefixes"] in sizes) if sizes else False)
    notes = [f"- {p['impl']}, {p['prefixes']:,} prefixes x {p['peers']} peers: {p['note']}" for p in pts if p.get("note")]
    return one_peer + [""] + by_peers + ([""] + notes if notes else [])


def scaling_chart(data, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    pts = data["points"]
    impls = list(dict.fromkeys(p["impl"] for p in pts))
    sizes = sorted({p["prefixes"] for p in pts if p["peers"] != 1})
    fig, axes = plt.subplots(2, 2, figsize=(9.6, 6.4), dpi=100)
    axes_spec = [("prefixes", lambda p: p["peers"] == 1, "prefixes (1 peer)"),
                 ("peers", lambda p: p["prefixes"] in sizes, f"peers ({sizes[0]:,} prefixes)" if sizes else "peers")]
    for col, (key, keep, xlabel) in enumerate(axes_spec):
        for row, (field, ylabel) in enumerate([("seconds", "bulk (s)"), ("rss_mib", "RSS (MiB)")]):
            ax = axes[row][col]
            for i in impls:
                xs = sorted((p[key], p[field]) for p in pts if p["impl"] == i and keep(p) and p[field] is not None)
                if xs:
                    ax.plot([x for x, _ in xs], [y for _, y in xs], marker="o",
                            color="#d62728" if i.lower() == "herald" else "#7f7f7f",
                            linestyle="-" if i.lower() == "herald" else "--", label=i)
            ax.set_xscale("log")
            ax.set_xlabel(xlabel, fontsize=9)
            ax.set_ylabel(ylabel, fontsize=9)
            ax.set_ylim(bottom=0)
            ax.spines["top"].set_visible(False)
            ax.spines["right"].set_visible(False)
            ax.legend(fontsize=8)
    fig.suptitle(data["title"], fontsize=10)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def machine_text(m):
    """The machine and the run in one sentence.

    >>> machine_text({"elapsed": "20 min 1 s", "scenarios": {"CompareBulkBenchmark": "500 s"}})[-45:]
    'the whole suite took 20 min 1 s (Bulk 500 s).'
    """
    if not m:
        return "Machine: not recorded (machine.json missing: run interop-tests/lab/benchmarks.sh)."
    return (f"Measured {m.get('date', '?')} on {m.get('cpu', '?')}, {m.get('nproc', '?')} CPUs, "
            f"{m.get('memory', '?')} memory, kernel {m.get('kernel', '?')}, Debian {m.get('debian', '?')}; "
            f"load average at the start {m.get('load_start', '?')}"
            + (f", at the end {m['load_end']}" if m.get("load_end") else "")
            + (f"; the whole suite took {m['elapsed']}" if m.get("elapsed") else "")
            + (" (" + ", ".join(f"{k.removeprefix('Compare').removesuffix('Benchmark')} {v}"
                                for k, v in m["scenarios"].items()) + ")" if m.get("scenarios") else "") + ".")


def section(results, machine, command, chart_rel, scaling=None):
    out = ["## Side by side: herald, BIRD, GoBGP and FRR", "",
           "Every scenario of issue 10 in one run on one machine, each implementation in turn as the sender "
           "against the same receiver and the same route set. Generated by `interop-tests/lab/bench-report.py` "
           "from the results of the command below; do not edit this part by hand (it is rewritten).", "",
           machine_text(machine), "", "```sh", command, "```", ""]
    if machine and machine.get("maven"):
        out += ["which runs", "", "```sh", machine["maven"], "```", ""]
    out += ["\"herald / this\" is herald's median divided by that implementation's median: below 1, herald "
            "took less time (or memory).", ""]
    if not results:
        out += ["No results yet.", ""]
    for r in results:
        lines, notes, verdict = table(r)
        out += [f"### {r['title']}", ""]
        if r.get("receiver"):
            out += [f"Receiver: {r['receiver']}.", ""]
        out += [f"Method: {r['method']}", "", f"Goal: {r['goal']}." + (f" Result: {verdict}." if verdict else ""), ""]
        out += lines + [""]
        if notes:
            out += notes + [""]
        out += [f"![{r['title']}]({chart_rel}/{r['id']}.png)", ""]
    if scaling:
        out += [f"### {scaling['title']}", "", f"Method: {scaling['method']}", ""]
        out += scaling_tables(scaling) + ["", f"![{scaling['title']}]({chart_rel}/scaling.png)", ""]
    return "\n".join(out)


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.normpath(os.path.join(here, "..", ".."))
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--results", default=os.path.join(repo, "interop-tests", "target", "bench"))
    p.add_argument("--doc", default=os.path.join(repo, "docs", "benchmarks.md"))
    p.add_argument("--charts", default=os.path.join(repo, "docs", "bench"))
    p.add_argument("--command", default="sudo interop-tests/lab/benchmarks.sh")
    p.add_argument("--self-test", action="store_true")
    a = p.parse_args(argv)
    if a.self_test:
        import doctest
        failed, tried = doctest.testmod(verbose=False)
        print(f"bench-report.py: {tried} doctests, {failed} failed")
        return 1 if failed else 0
    machine = None
    scaling = None
    results = []
    for f in sorted(glob.glob(os.path.join(a.results, "*.json"))):
        with open(f) as fh:
            data = json.load(fh)
        if os.path.basename(f) == "machine.json":
            machine = data
        elif "points" in data and data.get("id") == "scaling":
            scaling = data
        elif "rows" in data and "id" in data:
            results.append(data)
    results.sort(key=scenario_key)
    os.makedirs(a.charts, exist_ok=True)
    for r in results:
        chart(r, os.path.join(a.charts, r["id"] + ".png"))
    if scaling:
        scaling_chart(scaling, os.path.join(a.charts, "scaling.png"))
    rel = os.path.relpath(a.charts, os.path.dirname(os.path.abspath(a.doc)))
    text = open(a.doc).read() if os.path.exists(a.doc) else "# herald benchmarks\n"
    with open(a.doc, "w") as fh:
        fh.write(replace_section(text, section(results, machine, a.command, rel, scaling)))
    print(f"bench-report.py: {len(results) + (1 if scaling else 0)} scenario(s) from {a.results} into {a.doc}, charts in {a.charts}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
