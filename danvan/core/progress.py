"""A terminal progress bar for long management commands."""

import sys
import time

from danvan.core.numbers import decimal, group


class ProgressBar:
    """Redraws one line: ``[#####.....]  52% 1.734/3.321  3,1 s`` (figures written the Vietnamese way).

    Writes only when the output is a terminal or when ``force`` is set, and
    always ends with a newline so later output starts on its own line.
    """

    def __init__(self, label, stream=None, width=30, force=False):
        self.label = label
        self.stream = stream or sys.stdout
        self.width = width
        self.started = time.monotonic()
        self.enabled = force or getattr(self.stream, "isatty", lambda: False)()
        self.last = None

    def __call__(self, done, total, stage=""):
        if not self.enabled or total <= 0:
            return
        share = done / total
        filled = int(self.width * share)
        bar = "#" * filled + "." * (self.width - filled)
        line = f"\r{self.label} [{bar}] {share:4.0%} {group(done)}/{group(total)}  {decimal(time.monotonic() - self.started)} s"
        if line != self.last:
            self.stream.write(line)
            self.stream.flush()
            self.last = line
        if done >= total:
            self.stream.write("\n")
            self.stream.flush()
