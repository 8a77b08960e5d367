#!/usr/bin/env python3
"""Save-to-reload latency of `factbook serve`.

Starts the server on a site, listens to its event stream like a browser, then repeatedly edits
one file (swapping two strings) and measures the time from the write to the `reload` event and,
with --page, to the page being served with the edit. Prints the medians and all runs. Standard
library only; bench/compare.py uses the same functions, and times `hugo server` the same way.

    bench/serve_latency.py --factbook target/release/factbook --root SITE \
        --file content/page.md --swap "old text" "new text" [--page s000/p001/] [--shows TEXT] [--runs 9]
"""
import argparse
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.request


def start(command, ready):
    """Starts a server; returns the process and the base URL it prints (after `ready`)."""
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    for line in server.stdout:
        if ready in line:
            for word in line.split():
                if word.startswith("//"):  # how hugo prints it
                    word = "http:" + word
                if word.startswith("http://"):
                    url = word.rstrip("/") + "/"
                    # Keep reading its output, so that the server never blocks on a full pipe.
                    threading.Thread(target=lambda: [None for _ in server.stdout], daemon=True).start()
                    return server, url
    server.terminate()
    sys.exit(f"the server did not start: {' '.join(command)}")


def fetch(url):
    try:
        with urllib.request.urlopen(url) as response:
            return response.read().decode()
    except Exception:
        return ""


def edits(path, old, new, runs):
    """Yields, for each run, the text to write and the string it puts in: `old` is replaced by
    `new` with `{i}` filled in by the run's number, so that every save says something new."""
    current = old
    for i in range(runs):
        text = open(path).read()
        if current not in text:
            sys.exit(f"`{current}` is not in {path}")
        fresh = new.replace("{i}", str(i))
        yield text.replace(current, fresh, 1), fresh
        current = fresh
    # Put the file back as it was.
    text = open(path).read()
    with open(path, "w") as f:
        f.write(text.replace(current, old, 1))


def wait_served(url, expect, start, timeout=120):
    """Polls `url` until it shows `expect`; returns when that was seen."""
    while True:
        if expect in fetch(url):
            return time.monotonic()
        if time.monotonic() - start > timeout:
            sys.exit(f"{url} did not show the edit within {timeout} s")
        time.sleep(0.002)


def factbook_latency(factbook, root, file, old, new, runs, page=None, shows=None, pause=0.3):
    """Save -> `reload` event and, when `page` is given, save -> `page` serves `shows` (by
    default the new text; `{i}` is the run's number). `pause` seconds pass between a page served and
    the next save. Returns two lists of milliseconds."""
    server, url = start([factbook, "serve", "--root", root, "--port", "0"], " at http")
    try:
        events = []

        def listen():
            with urllib.request.urlopen(url + "__factbook/events") as stream:
                for raw in stream:
                    line = raw.decode().strip()
                    if line.startswith("event: "):
                        events.append((time.monotonic(), line[7:]))

        threading.Thread(target=listen, daemon=True).start()
        time.sleep(0.5)
        path = os.path.join(root, file)
        reloads, served = [], []
        for i, (text, shown) in enumerate(edits(path, old, new, runs)):
            if shows is not None:
                shown = shows.replace("{i}", str(i))
            count = len(events)
            start_at = time.monotonic()
            with open(path, "w") as f:
                f.write(text)
            while True:
                fresh = events[count:]
                if any(name == "reload" for _, name in fresh):
                    stamp = next(t for t, name in fresh if name == "reload")
                    break
                if any(name == "build-error" for _, name in fresh):
                    sys.exit("the edit broke the build")
                if time.monotonic() - start_at > 120:
                    sys.exit("no reload within 120 s")
                time.sleep(0.001)
            reloads.append((stamp - start_at) * 1000)
            if page is not None:
                seen = wait_served(url + page, shown, start_at)
                served.append((seen - start_at) * 1000)
            time.sleep(pause)
        return reloads, served
    finally:
        server.terminate()
        server.wait()


def hugo_latency(hugo, root, file, old, new, runs, page, port):
    """Save -> `page` served with the edit by `hugo server` (polled), in milliseconds."""
    server, url = start([hugo, "server", "--source", root, "--port", str(port),
                         "--disableLiveReload", "--bind", "127.0.0.1"], "Web Server is available at")
    try:
        time.sleep(0.5)
        path = os.path.join(root, file)
        served = []
        for text, shown in edits(path, old, new, runs):
            start_at = time.monotonic()
            with open(path, "w") as f:
                f.write(text)
            served.append((wait_served(url + page, shown, start_at) - start_at) * 1000)
            time.sleep(0.3)
        return served
    finally:
        server.terminate()
        server.wait()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--factbook", default="target/release/factbook")
    parser.add_argument("--root", required=True)
    parser.add_argument("--file", required=True, help="relative to --root")
    parser.add_argument("--swap", nargs=2, required=True, metavar=("OLD", "NEW"),
                        help="NEW may hold {i}, the run's number, to make every save different")
    parser.add_argument("--page", help="also time until this URL path serves the new text")
    parser.add_argument("--shows", help="the text the page shows after the edit, if not NEW ({i} filled in)")
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--pause", type=float, default=0.3,
                        help="seconds between a page served and the next save (a template edit's "
                             "whole rebuild goes on after the open page is served)")
    args = parser.parse_args()
    old, new = args.swap
    reloads, served = factbook_latency(args.factbook, args.root, args.file, old, new, args.runs, args.page,
                                       args.shows, args.pause)
    print(f"save -> reload: median {statistics.median(reloads):.0f} ms  runs: " + " ".join(f"{t:.0f}" for t in reloads))
    if served:
        print(f"save -> served: median {statistics.median(served):.0f} ms  runs: " + " ".join(f"{t:.0f}" for t in served))


if __name__ == "__main__":
    main()
