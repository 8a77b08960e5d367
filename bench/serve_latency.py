#!/usr/bin/env python3
"""Save-to-reload latency of `factbook serve`.

Starts the server on a site, listens to its event stream like a browser, then repeatedly edits
one file (swapping two strings) and measures the time from the write to the `reload` event.
Prints the median and all runs. Standard library only.

    bench/serve_latency.py --factbook target/release/factbook --root SITE \
        --file content/page.md --swap "old text" "new text" [--runs 9]
"""
import argparse
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.request


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--factbook", default="target/release/factbook")
    parser.add_argument("--root", required=True)
    parser.add_argument("--file", required=True, help="relative to --root")
    parser.add_argument("--swap", nargs=2, required=True, metavar=("OLD", "NEW"))
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()

    server = subprocess.Popen(
        [args.factbook, "serve", "--root", args.root, "--port", str(args.port)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        url = None
        for line in server.stdout:
            if " at http" in line:
                url = line.split(" at ")[1].split()[0]
                break
        if url is None:
            sys.exit("the server did not start")
        events = []

        def listen():
            with urllib.request.urlopen(url + "__factbook/events") as stream:
                for raw in stream:
                    line = raw.decode().strip()
                    if line.startswith("event: "):
                        events.append((time.monotonic(), line[7:]))

        threading.Thread(target=listen, daemon=True).start()
        time.sleep(0.5)
        path = os.path.join(args.root, args.file)
        old, new = args.swap
        times = []
        for _ in range(args.runs):
            text = open(path).read()
            a, b = (old, new) if old in text else (new, old)
            if a not in text:
                sys.exit(f"neither string is in {path}")
            count = len(events)
            start = time.monotonic()
            with open(path, "w") as f:
                f.write(text.replace(a, b, 1))
            while True:
                fresh = events[count:]
                if any(name == "reload" for _, name in fresh):
                    stamp = next(t for t, name in fresh if name == "reload")
                    break
                if any(name == "build-error" for _, name in fresh):
                    sys.exit("the edit broke the build")
                if time.monotonic() - start > 120:
                    sys.exit("no reload within 120 s")
                time.sleep(0.001)
            times.append((stamp - start) * 1000)
            time.sleep(0.3)
        print(f"median {statistics.median(times):.0f} ms  runs: " + " ".join(f"{t:.0f}" for t in times))
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
