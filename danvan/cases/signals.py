"""What the cases module tells other apps: a case was received (sent once its transaction committed)."""

from django.dispatch import Signal

case_received = Signal()  # kwargs: case
