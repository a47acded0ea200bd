from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from danvan.core import scoping
from danvan.core.forms import add_errors, submit
from danvan.core.panels import HOME
from danvan.core.text import fold
from danvan.units import selectors as unit_selectors
from danvan.units.choices import UnitKind
from danvan.units.models import Unit

from . import lockout, selectors, services, twofactor
from .choices import Role
from .forms import (
    AssignmentForm,
    CodeForm,
    EnrolCodeForm,
    LockForm,
    ResetPasswordForm,
    UserCreateForm,
    UserEditForm,
)
from .models import RoleAssignment
from .rules import may

# --- logging in: the password, then the second factor (twofactor.py) ------------------------------

ENROLLING_KEY = "danvan_enrolling_device"  # the unconfirmed key being enrolled in this session


class LoginView(auth_views.LoginView):
    """The password step. A user who has a second factor, or must have one, is not logged in yet:
    the session keeps a pending login and the code (or the enrolment) comes next."""

    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        if twofactor.has_second_factor(user):
            twofactor.pending_begin(self.request, user, self.get_success_url())
            return redirect("login_code")
        if twofactor.is_required(user):
            twofactor.pending_begin(self.request, user, self.get_success_url())
            return redirect("login_enrol")
        return super().form_valid(form)


class PasswordChangeView(auth_views.PasswordChangeView):
    """One's own new password: Django keeps the session (``update_session_auth_hash``), so the person
    stays signed in and is told so on the home page."""

    template_name = "accounts/password_change_form.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Đã đổi mật khẩu. Bạn vẫn đang đăng nhập; từ lần sau hãy dùng mật khẩu mới."))
        return response


def login_locked(request, original_response=None, credentials=None):
    """What a locked-out login gets (``AXES_LOCKOUT_CALLABLE``): the login page with the reason, 429."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    username = lockout.username_of(request, credentials) or ""
    form = AuthenticationForm(request, initial={"username": username})
    message = _(
        "Tài khoản hoặc máy này đang tạm khóa vì đăng nhập sai quá nhiều lần. Hãy thử lại sau %(minutes)d phút, "
        "hoặc đề nghị quản trị viên đơn vị mở khóa."
    ) % {"minutes": minutes}
    context = {"form": form, "locked": message, "next": request.POST.get("next", "")}
    return render(request, "registration/login.html", context, status=429)


def _after_login(request, next_url):
    if next_url and url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        return redirect(next_url)
    return redirect("home")


@never_cache
def login_code(request):
    """The second step: the code from the app, or a backup code."""
    user, _data = twofactor.pending(request)
    if user is None:
        messages.info(request, _("Phiên đăng nhập đã hết hạn; hãy nhập lại mật khẩu."))
        return redirect("login")
    if not twofactor.has_second_factor(user):
        return redirect("login_enrol")
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        waiting = twofactor.wait_message(user)
        device = None if waiting else twofactor.verify(user, form.cleaned_data["otp_token"])
        if device is not None:
            next_url = twofactor.pending_finish(request, user, device)
            if not isinstance(device, TOTPDevice):
                left = twofactor.backup_codes_left(user)
                messages.warning(
                    request, _("Bạn đã dùng một mã dự phòng; còn %(n)d mã. Hãy tạo mã mới khi cần.") % {"n": left}
                )
            return _after_login(request, next_url)
        form.add_error("otp_token", waiting or _("Mã xác thực không đúng hoặc đã dùng."))
        status = 400
    return render(request, "registration/login_code.html", {"form": form, "pending_user": user}, status=status)


@never_cache
def login_enrol(request):
    """The second step for a user who must have a second factor and has none yet: enrol, then in."""
    user, _data = twofactor.pending(request)
    if user is None:
        messages.info(request, _("Phiên đăng nhập đã hết hạn; hãy nhập lại mật khẩu."))
        return redirect("login")
    if twofactor.has_second_factor(user):
        return redirect("login_code")
    device = _enrolling_device(request, user)
    form = EnrolCodeForm(request.POST or None)

    def confirm(data):
        return services.totp_enrol_confirm(acting_user=user, device=device, token=form.cleaned_data["otp_token"])

    if done := submit(request, form, confirm):
        codes = done.value
        request.session.pop(ENROLLING_KEY, None)
        next_url = twofactor.pending_finish(request, user, twofactor.totp_device(user))
        return render(request, "accounts/backup_codes.html", {"codes": codes, "next_url": next_url or "/"})
    context = {"form": form, "device": device, "secret": twofactor.secret_of(device),
               "qr": twofactor.qr_svg(device), "pending_user": user}  # fmt: skip
    return render(request, "registration/login_enrol.html", context, status=400 if form.errors else 200)


def _enrolling_device(request, user):
    """The unconfirmed key being enrolled in this session (kept across reloads), or a new one."""
    device = TOTPDevice.objects.filter(
        pk=request.session.get(ENROLLING_KEY) or None, user=user, confirmed=False
    ).first()
    if device is None:
        device = services.totp_enrol_start(acting_user=user)
        request.session[ENROLLING_KEY] = device.pk
    return device


@never_cache
@login_required
def two_factor(request):
    """One's own second factor: turn it on (or enrol a new phone), new backup codes, turn it off."""
    user = request.user
    action = request.POST.get("action", "")
    data = request.POST if action in ("confirm", "backup", "remove") else None
    if action in ("start", "confirm"):
        form = EnrolCodeForm(data, replacing=twofactor.has_second_factor(user))
    else:
        form = CodeForm(data)
    device = None
    if request.method == "POST":
        if action == "start":
            request.session.pop(ENROLLING_KEY, None)
            device = _enrolling_device(request, user)
        elif form.is_valid():
            token = form.cleaned_data["otp_token"]
            try:
                if action == "confirm":
                    device = _enrolling_device(request, user)
                    codes = services.totp_enrol_confirm(
                        acting_user=user,
                        device=device,
                        token=token,
                        current_token=form.cleaned_data.get("current_token", ""),
                    )
                    request.session.pop(ENROLLING_KEY, None)
                    messages.success(request, _("Đã bật xác thực hai bước."))
                    return render(request, "accounts/backup_codes.html", {"codes": codes, "next_url": "/"})
                if action == "backup":
                    codes = services.backup_codes_renew(acting_user=user, token=token)
                    return render(request, "accounts/backup_codes.html", {"codes": codes, "next_url": "/"})
                if action == "remove":
                    services.second_factor_remove(acting_user=user, token=token)
                    messages.success(request, _("Đã tắt xác thực hai bước."))
                    return redirect("accounts:two_factor")
            except ValidationError as exc:
                add_errors(form, exc)
        elif action == "confirm":
            device = _enrolling_device(request, user)
    context = {
        "enrolled": twofactor.has_second_factor(user),
        "required": twofactor.is_required(user),
        "backup_left": twofactor.backup_codes_left(user),
        "device": device,
        "secret": twofactor.secret_of(device) if device else "",
        "qr": twofactor.qr_svg(device) if device else "",
        "form": form,
        "action": action,
    }
    return render(request, "accounts/two_factor.html", context, status=400 if form.errors else 200)


def home(request):
    """The root: for the public, send feedback and look a case up (staff sign in from there); signed in,
    one page per person: what their roles let them do, over the units they hold.

    Nothing of the staff's data reaches the public page: it reads no record at all.
    """
    if not request.user.is_authenticated:
        return render(request, "accounts/public_home.html")
    user = request.user
    assignments = list(user.active_assignments())
    roles = {a.role for a in assignments}
    roots = unit_selectors.unit_roots_for(user)
    for root in roots:
        root.kind_counts = unit_selectors.unit_kind_counts(root)
        root.remote_count = Unit.objects.filter(path__startswith=root.path, is_remote=True, is_active=True).count()
    context = {
        "assignments": assignments,
        "roots": roots,
        "is_admin": user.is_superuser or Role.ADMIN in roles,
        "is_leader": Role.LEADER in roles,
        "is_officer": Role.OFFICER in roles,
        "is_village_member": Role.VILLAGE_MEMBER in roles,
        "is_viewer": Role.VIEWER in roles,
        "UnitKind": UnitKind,
    }
    if context["is_admin"] and may("accounts.list_users", user):
        context["user_count"] = selectors.users_visible_to(user).count()
    if context["is_officer"]:
        # The buttons ask the permissions their pages enforce (an inactive commune takes no village).
        context["manage_units"] = [
            {
                "unit": a.unit,
                "can_import": may("units.import_villages", user, a.unit),
                "can_add_village": may("units.add_village", user, a.unit),
            }
            for a in assignments
            if a.role == Role.OFFICER and a.unit.kind in (UnitKind.COMMUNE, UnitKind.PROVINCE)
        ]
    if context["is_village_member"]:
        context["villages"] = [a.unit for a in assignments if a.role == Role.VILLAGE_MEMBER]

    context["panels"] = HOME.render(request)
    return render(request, "accounts/home.html", context)


def _require_user_admin(user):
    if not may("accounts.list_users", user):
        raise PermissionDenied


def _get_managed_user(request, pk):
    """A user the actor may see; others are 404 whether they exist or not."""
    return get_object_or_404(selectors.users_visible_to(request.user), pk=pk)


@login_required
def user_list(request):
    _require_user_admin(request.user)
    text = request.GET.get("q", "").strip()
    users = selectors.users_visible_to(request.user).order_by("full_name_folded", "username")
    if text:
        users = users.filter(Q(full_name_folded__contains=fold(text)) | Q(username__icontains=text))
    role = request.GET.get("role", "")
    if role in Role.values:
        users = users.filter(role_assignments__role=role, role_assignments__is_active=True).distinct()
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    user_ids = [u.pk for u in page.object_list]
    by_user = {}
    assignments = (
        RoleAssignment.objects.filter(user_id__in=user_ids, is_active=True)
        .select_related("unit")
        .order_by("unit__path")
    )
    for assignment in assignments:
        by_user.setdefault(assignment.user_id, []).append(assignment)
    locked = lockout.locked_usernames(u.username for u in page.object_list)
    second_factor = twofactor.with_second_factor(user_ids)
    for item in page.object_list:
        item.assignment_list = by_user.get(item.pk, [])
        item.login_locked = item.username in locked
        item.has_second_factor = item.pk in second_factor
    context = {"page": page, "q": text, "role": role, "roles": Role.choices}
    if request.htmx:
        return render(request, "accounts/_user_rows.html", context)
    return render(request, "accounts/user_list.html", context)


@login_required
def user_create(request):
    _require_user_admin(request.user)
    form = UserCreateForm(request.POST or None, actor=request.user)

    def write(data):
        return services.user_create(
            acting_user=request.user,
            username=data["username"],
            full_name=data["full_name"],
            password=data["password1"],
            role=data["role"],
            unit=data["unit"],
            phone=data["phone"],
            position=data["position"],
            email=data["email"],
        )

    if done := submit(request, form, write):
        user = done.value
        messages.success(request, _("Đã tạo tài khoản %(name)s.") % {"name": user.username})
        return redirect("accounts:user_detail", pk=user.pk)
    return render(request, "accounts/user_form.html", {"form": form, "title": _("Thêm người dùng")})


@login_required
def user_detail(request, pk):
    _require_user_admin(request.user)
    target = _get_managed_user(request, pk)
    can_manage = may("accounts.manage_user", request.user, target)
    edit_form = UserEditForm(
        initial={
            "full_name": target.full_name,
            "phone": target.phone,
            "position": target.position,
            "email": target.email,
        }
    )
    assign_form = AssignmentForm(actor=request.user)
    password_form = ResetPasswordForm(user=target)
    lock_form = LockForm()
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        action = request.POST.get("action")
        if action == "edit":
            edit_form = UserEditForm(request.POST)
            if submit(
                request, edit_form, lambda data: services.user_update(acting_user=request.user, user=target, **data)
            ):
                messages.success(request, _("Đã lưu thông tin người dùng."))
                return redirect("accounts:user_detail", pk=target.pk)
        elif action == "assign":
            assign_form = AssignmentForm(request.POST, actor=request.user)

            def assign(data):
                return services.role_assign(
                    acting_user=request.user, user=target, role=data["role"], unit=data["unit"], note=data["note"]
                )

            if submit(request, assign_form, assign):
                messages.success(request, _("Đã cấp quyền."))
                return redirect("accounts:user_detail", pk=target.pk)
        elif action == "password":
            password_form = ResetPasswordForm(request.POST, user=target)

            def reset_password(data):
                return services.user_set_password(
                    acting_user=request.user, user=target, password=password_form.cleaned_data["password1"]
                )

            if submit(request, password_form, reset_password):
                messages.success(request, _("Đã đặt lại mật khẩu."))
                return redirect("accounts:user_detail", pk=target.pk)
        elif action == "unlock_login":
            services.user_unlock_login(acting_user=request.user, user=target)
            messages.success(request, _("Đã gỡ tạm khóa đăng nhập."))
            return redirect("accounts:user_detail", pk=target.pk)
        elif action == "reset_second_factor":
            services.user_reset_second_factor(acting_user=request.user, user=target)
            messages.success(request, _("Đã đặt lại xác thực hai bước; người dùng sẽ đăng ký lại khi đăng nhập."))
            return redirect("accounts:user_detail", pk=target.pk)
        elif action == "lock":
            lock_form = LockForm(request.POST)

            def lock(data):
                return services.user_set_active(
                    acting_user=request.user, user=target, is_active=False, reason=lock_form.cleaned_data["reason"]
                )

            if submit(request, lock_form, lock):
                messages.success(request, _("Đã khóa tài khoản."))
                return redirect("accounts:user_detail", pk=target.pk)
        elif action == "unlock":
            services.user_set_active(acting_user=request.user, user=target, is_active=True)
            messages.success(request, _("Đã mở khóa tài khoản."))
            return redirect("accounts:user_detail", pk=target.pk)
    context = {
        "target": target,
        "can_manage": can_manage,
        "assignments": target.role_assignments.select_related("unit", "granted_by").order_by(
            "-is_active", "unit__path"
        ),
        "edit_form": edit_form,
        "assign_form": assign_form,
        "password_form": password_form,
        "lock_form": lock_form,
        "history": target.history.select_related("history_user").order_by("-history_date")[:20],
        "locked_until": lockout.locked_until(target.username),
        "has_second_factor": twofactor.has_second_factor(target),
        "second_factor_required": twofactor.is_required(target),
    }
    return render(request, "accounts/user_detail.html", context)


@login_required
@require_POST
def assignment_revoke(request, pk):
    _require_user_admin(request.user)
    assignment = scoping.get_scoped_or_404(RoleAssignment, request.user, scoping.MANAGE_USERS, pk=pk)
    try:
        services.role_revoke(acting_user=request.user, assignment=assignment)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã thu hồi quyền."))
    return redirect("accounts:user_detail", pk=assignment.user_id)
