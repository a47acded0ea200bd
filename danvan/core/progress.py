"""A terminal progress bar for long management commands."""

import sys
import time


class ProgressBar:
    """Redraws one line: ``[#####.....]  52% 18/34  3.1 s``.

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
        line = f"\r{self.label} [{bar}] {share:4.0%} {done}/{total}  {time.monotonic() - self.started:.1f} s"
        if line != self.last:
            self.stream.write(line)
            self.stream.flush()
            self.last = line
        if done >= total:
            self.stream.write("\n")
            self.stream.flush()
