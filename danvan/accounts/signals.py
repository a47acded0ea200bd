"""Signals of the accounts app, for apps that depend on a person's credentials (accounts imports none of them).

``credentials_reset`` is sent inside the transaction of an administrator's reset of someone's password
or second factor (``services.user_set_password``, ``services.user_reset_second_factor``), with ``user``,
``acting_user`` and ``what`` ("password" or "second_factor"); ``cases`` suspends the person's grants to
read denouncers' identities. ``second_factor_enrolled`` is sent inside the transaction that confirms a
new authenticator app (``services.totp_enrol_confirm``), with ``user`` and ``device``; ``cases`` resumes
the grants suspended before it.
"""

from django.dispatch import Signal

credentials_reset = Signal()
second_factor_enrolled = Signal()
