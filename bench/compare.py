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
  moved aside, and nothing has been deleted yet: see `Disk`);
- rebuild with nothing changed (output folder in place);
- build with the old output deleted inside the timed command (`rm -rf OUT && tool ...`), timed
  for every size after all the others;

with wall time, CPU time (user + system), peak memory (max RSS of the process tree) and output
size, factbook's ratio to each peer, and every run's wall time beside the medians. Then it
times `factbook serve` from outside the process: save -> reload event and save -> page served
with the edit, for a body edit, a fact edit and a template edit; and `hugo server` for the body
edit. Prints Markdown for BENCHMARKS.md.
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
    """Keeps deletes from being timed as some tool's build.

    On an ext4 file system without a journal (as on the machine BENCHMARKS.md was measured on),
    the kernel avoids reusing an inode deleted in the last minute (in the last six while the
    block holding it is unwritten, and creating files keeps it so), and looks for a free one by
    reading every such inode from the start of its group: right after a 10,000-page tree is
    deleted, creating files costs seconds of kernel time (`recently_deleted` under
    `__ext4_new_inode` in `perf`), for any tool. So nothing is deleted until every cold build
    and no-change rebuild of every size has been timed: old outputs are moved aside. The builds
    that delete their old output inside the timed command (`rm -rf OUT && tool ...`) come after
    all of those, each at least a minute after the delete before it.
    """

    QUIET = 61  # seconds: the kernel's window for an inode whose block was written back

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

    def deleted(self):
        self.last_delete = time.monotonic()

    def empty_trash(self):
        if os.path.exists(self.trash):
            shutil.rmtree(self.trash, ignore_errors=True)
            self.deleted()

    def settle(self, site):
        """Writes back what is dirty, waits out recent deletes and reads the tool's input, so
        that neither the disk's clean-up nor files evicted from the page cache are timed."""
        subprocess.run(["sync"])
        wait = self.last_delete + self.quiet - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        for folder, _, names in os.walk(site):
            for name in names:
                with open(os.path.join(folder, name), "rb") as f:
                    f.read()


class Builds:
    """The timed builds of one size: every tool on the same corpus, in turn."""

    def __init__(self, work, size, tools, runs):
        self.size, self.tools, self.runs = size, tools, runs
        self.results = {tool: {"cold": [], "rm": [], "nochange": []} for tool in tools}
        self.sizes = {}
        self.out = {tool: os.path.join(work, f"out-{tool}-{size}") for tool in tools}
        self.site = {tool: corpus(work, size, tool) for tool in tools}

    def rotations(self):
        """The tools' order in each run, rotated from run to run."""
        for run in range(self.runs):
            k = run % len(self.tools)
            yield self.tools[k:] + self.tools[:k]

    def cold_and_unchanged(self, disk):
        """Cold builds (old output moved aside) and no-change rebuilds."""
        for tools in self.rotations():
            for tool in tools:
                disk.set_aside(self.out[tool])
                disk.settle(self.site[tool])
                self.results[tool]["cold"].append(timed(self.command(tool)))
                self.sizes[tool] = output_size(self.out[tool])
                disk.settle(self.site[tool])
                self.results[tool]["nochange"].append(timed(self.command(tool)))

    def deleting_first(self, disk):
        """Builds that delete the old output inside the timed command."""
        for tools in self.rotations():
            for tool in tools:
                if not os.path.exists(self.out[tool]):
                    timed(self.command(tool))
                disk.settle(self.site[tool])
                command = " ".join(self.command(tool))
                self.results[tool]["rm"].append(timed(["sh", "-c", f"rm -rf {self.out[tool]} && {command}"]))
                disk.deleted()

    def command(self, tool):
        return build_command(tool, self.site[tool], self.out[tool])

    def report(self):
        return report_builds(self.size, self.results, self.sizes, self.runs)


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
    # Medians hide how far apart the runs were; rm + build in particular varies with the disk.
    lines += ["", "Every run's wall time, in the order run:", ""]
    for tool, r in results.items():
        lines.append(f"- {tool}: cold build {every(r['cold'])}; rm + build {every(r['rm'])}")
    return "\n".join(lines)


def every(samples):
    return ", ".join(f"{s[0]:.2f}" for s in samples) + " s"


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
        ("body", page, word, word + "edited{i}", "s000/p001/", None, 0.3),
        ("fact", rel, line, new, f"subjects/{subject}/", "edited{i}", 0.3),
        # The open page is served first; the rest of the site follows in a few seconds, before
        # the next save.
        ("template", "theme/templates/page.html", "<article>", "<article data-edited{i}>", "s000/p001/",
         "data-edited{i}", 5.0),
    ]
    lines = [f"### `factbook serve`, {size:,} pages ({runs} edits each, medians)", "",
             "| edit | save → reload event | save → page served with the edit |", "|---|---|---|"]
    for name, file, old, new, url, shows, pause in cases:
        reloads, served = serve_latency.factbook_latency(FACTBOOK, site, file, old, new, runs,
                                                         page=url, shows=shows, pause=pause)
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
    builds = [] if args.no_builds else [
        Builds(args.work, size, ["factbook", "hugo"] + (["mdbook"] if size in args.mdbook_sizes else []),
               args.runs) for size in args.sizes
    ] + [
        Builds(args.work, size, ["factbook"], max(3, args.runs // 2)) for size in args.factbook_only_sizes
    ]
    disk = Disk(args.work)
    for b in builds:
        for tool in b.tools:
            disk.set_aside(b.out[tool])
    for b in builds:
        b.cold_and_unchanged(disk)
    for b in builds:
        b.deleting_first(disk)
        print(b.report() + "\n", flush=True)
    for b in builds:
        for tool in b.tools:
            disk.set_aside(b.out[tool])
    disk.empty_trash()
    if not args.no_serve:
        for size in args.sizes:
            print(report_serve(args.work, size, args.serve_runs) + "\n", flush=True)


if __name__ == "__main__":
    main()
