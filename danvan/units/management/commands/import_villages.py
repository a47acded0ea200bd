from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from danvan.core.numbers import group
from danvan.units.services import villages_import


class Command(BaseCommand):
    help = "Nhập thôn, tổ dân phố từ tệp Excel/CSV (tên, loại, mã xã); lỗi ở bất kỳ dòng nào thì không lưu gì."

    def add_arguments(self, parser):
        parser.add_argument("path", help="tệp .xlsx hoặc .csv")
        parser.add_argument("--user", required=True, help="tên đăng nhập của người nhập (quyền theo phạm vi)")
        parser.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không lưu")

    def handle(self, *args, path, user, dry_run, **options):
        try:
            acting_user = get_user_model().objects.get(username=user, is_active=True)
        except get_user_model().DoesNotExist as exc:
            raise CommandError(f"Không có người dùng “{user}”.") from exc
        try:
            with open(path, "rb") as handle:
                uploaded = SimpleUploadedFile(path, handle.read())
        except OSError as exc:
            raise CommandError(f"Không mở được tệp: {exc}") from exc
        report = villages_import(uploaded=uploaded, acting_user=acting_user, commit=not dry_run)
        if report.errors:
            for error in report.errors:
                self.stderr.write(f"Dòng {error.row}, cột “{error.column}”: {error.message}")
            raise CommandError(_("%(n)s lỗi; không có dòng nào được lưu.") % {"n": group(len(report.errors))})
        if dry_run:
            self.stdout.write(self.style.SUCCESS(_("Tệp hợp lệ: %(n)s dòng (chưa lưu).") % {"n": group(report.total)}))
            return
        self.stdout.write(
            self.style.SUCCESS(
                _("Đã nhập %(total)s dòng: thêm %(created)s, cập nhật %(updated)s, không đổi %(unchanged)s.")
                % {
                    "total": group(report.total),
                    "created": group(report.created),
                    "updated": group(report.updated),
                    "unchanged": group(report.unchanged),
                }
            )
        )
