"""Render a scan's report.html in headless Chromium, offline, and save a PNG.

    python docs/report_screenshot.py OUT_DIR/report.html report.png

Used to check that the self-contained report (inline CSS and SVG charts)
renders without any network: background networking and component updates
are off, and the page itself references no URL.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "chrome")


def find_chromium() -> str | None:
    for name in CHROMIUM_NAMES:
        path = shutil.which(name)
        if path:
            return path
    return None


def screenshot(html_path: str, png_path: str, *, width: int = 1200, height: int = 2400,
               timeout: float = 60.0) -> str:
    """Write ``png_path`` from ``html_path``; raise RuntimeError when Chromium fails."""
    browser = find_chromium()
    if browser is None:
        raise RuntimeError("chromium not found on PATH")
    png_path = os.path.abspath(png_path)
    # A throwaway profile, so no state from other runs (or other users) leaks in.
    with tempfile.TemporaryDirectory(prefix="piplscan-chromium-") as profile:
        cmd = [
            browser, "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--disable-component-update", "--no-first-run",
            "--disable-extensions", "--disable-sync", f"--user-data-dir={profile}",
            f"--screenshot={png_path}", f"--window-size={width},{height}",
            "file://" + os.path.abspath(html_path),
        ]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    if done.returncode != 0 or not os.path.isfile(png_path):
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise RuntimeError(f"chromium exited {done.returncode}: {last[:200]}")
    return png_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("html")
    parser.add_argument("png")
    parser.add_argument("--width", type=int, default=1200)
    parser.add_argument("--height", type=int, default=2400)
    args = parser.parse_args(argv)
    try:
        path = screenshot(args.html, args.png, width=args.width, height=args.height)
    except (RuntimeError, subprocess.TimeoutExpired, OSError) as exc:
        print(f"report_screenshot: {exc}", file=sys.stderr)
        return 1
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
