"""The whole demo: Gia Lai with its villages, one user per role, cadres, cases, the text engine's
readings and reports; safe to run again. Each part is the command of the app that owns its data
(``load_units``, ``seed_units``, ``seed_accounts``, ``seed_cadres``, ``train_insight``,
``seed_cases``, ``analyse_cases``, ``detect_hotspots``, ``seed_reports``); this one only calls them
in order, so the core layer imports none of those apps. The demo logins are described in
``danvan.accounts.demo``.
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Tạo dữ liệu mẫu: tỉnh Gia Lai với thôn, tổ dân phố và mỗi vai trò một tài khoản (chạy lại không nhân đôi)."

    def handle(self, *args, **options):
        out = {"stdout": self.stdout}
        call_command("seed_units", **out)
        call_command("seed_accounts", **out)
        call_command("seed_cadres", **out)
        # Trained on the shipped seed corpus, so demo cases arrive with a suggested field and flags.
        call_command("train_insight", "--unless-trained", **out)
        call_command("seed_cases", **out)
        call_command("analyse_cases", **out)
        call_command("detect_hotspots", **out)
        call_command("seed_engagement", **out)
        call_command("seed_emulation", **out)
        call_command("seed_reports", **out)
        # After the cases: the receiver of the demo denunciation holds a grant and must use a second factor.
        call_command("seed_accounts", "--enrol", **out)
