#!/usr/bin/env python3
"""factbook against Hugo and mdBook on one generated corpus, and factbook's serve latency.

    python3 bench/compare.py [--sizes 1000 10000] [--runs 5] [--mdbook-sizes 1000]
                             [--factbook-only-sizes 50000] [--work /tmp/factbook-bench]
                             [--no-serve | --no-builds]

Installs what is missing (Hugo from Debian's packages, mdBook with `cargo install mdbook
--locked`), builds factbook and its corpus generator, writes the same pages for each tool
(examples/corpus.rs --for ...), then for every size runs the tools in turn, alternating their
order from run to run, and reports medians of:

- cold build: the output folder does not exist when the command starts (the last one was
  moved aside, and no tree was deleted in the minute before: see `Disk`);
- rebuild with nothing changed (output folder in place);
- build with the old output deleted inside the timed command (`rm -rf OUT && tool ...`);

with wall time, CPU time (user + system), peak memory (max RSS of the process tree) and output
size, and factbook's ratio to each peer. Then it times `factbook serve` from outside the process:
save -> reload event and save -> page served with the edit, for a body edit, a fact edit and a
template edit; and `hugo server` for the body edit. Prints Markdown for BENCHMARKS.md.
Standard library only.
"""
import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import serve_latency  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FACTBOOK = os.path.join(REPO, "target", "release", "factbook")
CORPUS = os.path.join(REPO, "target", "release", "examples", "corpus")


def sh(command, **kwargs):
    print("$", command if isinstance(command, str) else " ".join(command), file=sys.stderr)
    subprocess.run(command, check=True, shell=isinstance(command, str), **kwargs)


def ensure_tools():
    if shutil.which("hugo") is None:
        sh(["apt-get", "install", "-y", "hugo"])
    if shutil.which("mdbook") is None:
        sh(["cargo", "install", "mdbook", "--locked"])
    sh(["cargo", "build", "--release", "--quiet", "--example", "corpus"], cwd=REPO)
    sh(["cargo", "build", "--release", "--quiet"], cwd=REPO)


def version(command):
    return subprocess.run(command, capture_output=True, text=True).stdout.strip().splitlines()[0]


def corpus(work, size, layout):
    path = os.path.join(work, f"{layout}-{size}")
    if not os.path.exists(path):
        sh([CORPUS, str(size), path, "--for", layout], stdout=subprocess.DEVNULL)
    return path


def build_command(tool, site, out):
    if tool == "factbook":
        return [FACTBOOK, "build", "--root", site, "--out", out]
    if tool == "hugo":
        return ["hugo", "--quiet", "--minify", "--source", site, "--destination", out]
    return ["mdbook", "build", site, "--dest-dir", out]


def timed(command):
    """Runs `command`; returns wall seconds, CPU seconds and peak RSS in MB of its process tree."""
    # Errors go to a file, not a pipe: a pipe nobody reads until the end could fill and stall
    # the tool being timed.
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        if status != 0:
            errors.seek(0)
            sys.exit(f"failed: {command}\n{errors.read().decode()}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def output_size(out):
    total = files = 0
    for folder, _, names in os.walk(out):
        for name in names:
            total += os.path.getsize(os.path.join(folder, name))
            files += 1
    return total / 1e6, files


class Disk:
    """Keeps one tool's deletes from being timed as the next tool's build.

    On an ext4 file system without a journal (as on the machine BENCHMARKS.md was measured on),
    the kernel avoids reusing an inode deleted in the last minute, and looks for a free one by
    reading every such inode from the start of its group: right after a 10,000-page tree is
    deleted, creating files costs seconds of kernel time (`recently_deleted` under
    `__ext4_new_inode` in `perf`), for any tool. So the old outputs of cold builds are moved
    aside, not deleted, and deleted at the end; before a timed command that follows a delete,
    the disk is given a minute. The delete inside `rm -rf OUT && tool ...` is timed, as it
    should be.
    """

    QUIET = 61  # seconds: the kernel's window is 60 s for an inode written back to disk

    def __init__(self, work):
        self.trash = os.path.join(work, "trash")
        self.last_delete = 0.0
        self.moved = 0
        # Memory file systems reuse inodes freely: nothing to wait for there.
        kind = subprocess.run(["stat", "-f", "-c", "%T", work], capture_output=True, text=True)
        self.quiet = 0 if kind.stdout.strip() in ("tmpfs", "ramfs") else self.QUIET

    def set_aside(self, path):
        if os.path.exists(path):
            os.makedirs(self.trash, exist_ok=True)
            self.moved += 1
            os.rename(path, os.path.join(self.trash, str(self.moved)))

    def delete(self, path):
        if os.path.exists(path):
            shutil.rmtree(path, ignore_errors=True)
            self.deleted()

    def deleted(self):
        self.last_delete = time.monotonic()

    def empty_trash(self):
        self.delete(self.trash)

    def settle(self, site):
        """Waits out recent deletes and reads the tool's input, so that neither the disk's
        clean-up nor files evicted from the page cache are timed."""
        subprocess.run(["sync"])
        wait = self.last_delete + self.quiet - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        for folder, _, names in os.walk(site):
            for name in names:
                with open(os.path.join(folder, name), "rb") as f:
                    f.read()


def measure_builds(work, size, tools, runs):
    """Cold builds (old output moved aside) and no-change rebuilds for every run first, then
    the builds that delete the old output inside the timed command."""
    results = {tool: {"cold": [], "rm": [], "nochange": []} for tool in tools}
    sizes = {}
    disk = Disk(work)
    out = {tool: os.path.join(work, f"out-{tool}-{size}") for tool in tools}
    site = {tool: corpus(work, size, tool) for tool in tools}
    for tool in tools:
        disk.delete(out[tool])
    for run in range(runs):
        for tool in tools[run % len(tools):] + tools[:run % len(tools)]:
            disk.set_aside(out[tool])
            disk.settle(site[tool])
            results[tool]["cold"].append(timed(build_command(tool, site[tool], out[tool])))
            sizes[tool] = output_size(out[tool])
            disk.settle(site[tool])
            results[tool]["nochange"].append(timed(build_command(tool, site[tool], out[tool])))
    disk.empty_trash()
    for run in range(runs):
        for tool in tools[run % len(tools):] + tools[:run % len(tools)]:
            if not os.path.exists(out[tool]):
                timed(build_command(tool, site[tool], out[tool]))
            disk.settle(site[tool])
            command = " ".join(build_command(tool, site[tool], out[tool]))
            results[tool]["rm"].append(timed(["sh", "-c", f"rm -rf {out[tool]} && {command}"]))
            disk.deleted()
    for tool in tools:
        disk.delete(out[tool])
    return results, sizes


def median(samples, index):
    return statistics.median(s[index] for s in samples)


def report_builds(size, results, sizes, runs):
    lines = [f"### {size:,} pages ({runs} runs each, medians)", "",
             "| tool | cold build | CPU | peak memory | rm + build | no-change rebuild | output |",
             "|---|---|---|---|---|---|---|"]
    for tool, r in results.items():
        mb, files = sizes[tool]
        lines.append(
            f"| {tool} | {median(r['cold'], 0):.2f} s | {median(r['cold'], 1):.2f} s "
            f"| {median(r['cold'], 2):.0f} MB | {median(r['rm'], 0):.2f} s "
            f"| {median(r['nochange'], 0):.2f} s | {mb:.0f} MB, {files:,} files |")
    if "factbook" in results and len(results) > 1:
        lines += ["", "factbook's time as a fraction of each peer's (lower is better):", ""]
        lines += ["| peer | cold build | rm + build | no-change rebuild | peak memory |", "|---|---|---|---|---|"]
        f = results["factbook"]
        for tool, r in results.items():
            if tool == "factbook":
                continue
            lines.append(
                f"| {tool} | {median(f['cold'], 0) / median(r['cold'], 0):.2f} "
                f"| {median(f['rm'], 0) / median(r['rm'], 0):.2f} "
                f"| {median(f['nochange'], 0) / median(r['nochange'], 0):.2f} "
                f"| {median(f['cold'], 2) / median(r['cold'], 2):.2f} |")
    return "\n".join(lines)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def page_text(site, rel):
    return open(os.path.join(site, rel)).read()


def report_serve(work, size, runs):
    site = corpus(work, size, "factbook")
    page = "content/s000/p001.md"
    # A body edit: the first word of the first paragraph.
    word = page_text(site, page).split("## Overview\n\n", 1)[1].split()[0]
    # A fact edit: a text fact (criteria c0, c5, ...) of the first pages with facts.
    fact = None
    for index in range(0, 300, 3):
        rel = f"content/s{index // 100:03}/p{index % 100:03}.md"
        subject = None
        for line in page_text(site, rel).split("\n+++\n", 1)[0].splitlines():
            if line.startswith("[facts."):
                subject = line[len("[facts."):-1]
            key = line.split(" = ", 1)[0]
            if subject and key.startswith("c") and key[1:].isdigit() and int(key[1:]) % 5 == 0:
                fact = (rel, subject, line, f'{key} = "edited{{i}}"')
                break
        if fact:
            break
    rel, subject, line, new = fact
    template = os.path.join(site, "theme/templates/page.html")
    os.makedirs(os.path.dirname(template), exist_ok=True)
    shutil.copy(os.path.join(REPO, "theme/templates/page.html"), template)
    cases = [
        ("body", page, word, word + "edited{i}", "s000/p001/", None),
        ("fact", rel, line, new, f"subjects/{subject}/", "edited{i}"),
        ("template", "theme/templates/page.html", "<article>", "<article data-edited{i}>", "s000/p001/",
         "data-edited{i}"),
    ]
    lines = [f"### `factbook serve`, {size:,} pages ({runs} edits each, medians)", "",
             "| edit | save → reload event | save → page served with the edit |", "|---|---|---|"]
    for name, file, old, new, url, shows in cases:
        reloads, served = serve_latency.factbook_latency(FACTBOOK, site, file, old, new, runs,
                                                         page=url, shows=shows)
        lines.append(f"| {name} | {statistics.median(reloads):.0f} ms | {statistics.median(served):.0f} ms |")
    shutil.rmtree(os.path.join(site, "theme"))
    hugo_site = corpus(work, size, "hugo")
    hugo_word = page_text(hugo_site, page).split("## Overview\n\n", 1)[1].split()[0]
    served = serve_latency.hugo_latency("hugo", hugo_site, page, hugo_word, hugo_word + "edited{i}",
                                        runs, "s000/p001/", free_port())
    lines.append(f"| body, `hugo server` for comparison | — | {statistics.median(served):.0f} ms |")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--mdbook-sizes", type=int, nargs="*", default=[1000],
                        help="sizes mdBook is built at (at 10,000 pages it takes minutes a run)")
    parser.add_argument("--factbook-only-sizes", type=int, nargs="*", default=[50000],
                        help="extra sizes for factbook alone, to show how cost grows")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--serve-runs", type=int, default=9)
    parser.add_argument("--no-serve", action="store_true")
    parser.add_argument("--no-builds", action="store_true", help="time serve only")
    parser.add_argument("--work", default="/tmp/factbook-bench")
    args = parser.parse_args()
    ensure_tools()
    os.makedirs(args.work, exist_ok=True)
    print(f"Machine: {os.cpu_count()} cores, {os.uname().sysname} {os.uname().release}")
    print(f"Versions: {version([FACTBOOK, '--version'])}; {version(['hugo', 'version'])}; "
          f"{version(['mdbook', '--version'])}\n")
    for size in [] if args.no_builds else args.sizes:
        tools = ["factbook", "hugo"] + (["mdbook"] if size in args.mdbook_sizes else [])
        results, sizes = measure_builds(args.work, size, tools, args.runs)
        print(report_builds(size, results, sizes, args.runs) + "\n", flush=True)
    for size in [] if args.no_builds else args.factbook_only_sizes:
        results, sizes = measure_builds(args.work, size, ["factbook"], max(3, args.runs // 2))
        print(report_builds(size, results, sizes, max(3, args.runs // 2)) + "\n", flush=True)
    if not args.no_serve:
        for size in args.sizes:
            print(report_serve(args.work, size, args.serve_runs) + "\n", flush=True)


if __name__ == "__main__":
    main()
