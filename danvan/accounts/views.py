from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danvan.core import scoping
from danvan.core.text import fold
from danvan.units import selectors as unit_selectors
from danvan.units.choices import UnitKind
from danvan.units.models import Unit

from . import services
from .choices import Role
from .forms import AssignmentForm, ResetPasswordForm, UserCreateForm, UserEditForm
from .models import RoleAssignment


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
    if context["is_admin"]:
        context["user_count"] = services.users_visible_to(user).count()
    if context["is_officer"]:
        context["manage_units"] = [
            a.unit
            for a in assignments
            if a.role == Role.OFFICER and a.unit.kind in (UnitKind.COMMUNE, UnitKind.PROVINCE)
        ]
    if context["is_village_member"]:
        context["villages"] = [a.unit for a in assignments if a.role == Role.VILLAGE_MEMBER]
    from danvan.core.panels import HOME

    context["panels"] = HOME.render(request)
    return render(request, "accounts/home.html", context)


def _require_user_admin(user):
    paths = scoping.scope_paths(user, scoping.MANAGE_USERS)
    if paths is not scoping.ALL and not paths:
        raise PermissionDenied


def _get_managed_user(request, pk):
    """A user the actor may see; others are 404 whether they exist or not."""
    return get_object_or_404(services.users_visible_to(request.user), pk=pk)


@login_required
def user_list(request):
    _require_user_admin(request.user)
    text = request.GET.get("q", "").strip()
    users = services.users_visible_to(request.user).order_by("full_name_folded", "username")
    if text:
        users = users.filter(full_name_folded__contains=fold(text))
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
    for item in page.object_list:
        item.assignment_list = by_user.get(item.pk, [])
    context = {"page": page, "q": text, "role": role, "roles": Role.choices}
    if request.htmx:
        return render(request, "accounts/_user_rows.html", context)
    return render(request, "accounts/user_list.html", context)


@login_required
def user_create(request):
    _require_user_admin(request.user)
    form = UserCreateForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.user_create(
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
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Đã tạo tài khoản %(name)s.") % {"name": user.username})
            return redirect("accounts:user_detail", pk=user.pk)
    return render(request, "accounts/user_form.html", {"form": form, "title": _("Thêm người dùng")})


@login_required
def user_detail(request, pk):
    _require_user_admin(request.user)
    target = _get_managed_user(request, pk)
    can_manage = services.user_can_manage(request.user, target)
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
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        action = request.POST.get("action")
        if action == "edit":
            edit_form = UserEditForm(request.POST)
            if edit_form.is_valid():
                services.user_update(acting_user=request.user, user=target, **edit_form.cleaned_data)
                messages.success(request, _("Đã lưu thông tin người dùng."))
                return redirect("accounts:user_detail", pk=target.pk)
        elif action == "assign":
            assign_form = AssignmentForm(request.POST, actor=request.user)
            if assign_form.is_valid():
                data = assign_form.cleaned_data
                try:
                    services.role_assign(
                        acting_user=request.user, user=target, role=data["role"], unit=data["unit"], note=data["note"]
                    )
                except ValidationError as exc:
                    assign_form.add_error(None, exc.messages)
                else:
                    messages.success(request, _("Đã cấp quyền."))
                    return redirect("accounts:user_detail", pk=target.pk)
        elif action == "password":
            password_form = ResetPasswordForm(request.POST, user=target)
            if password_form.is_valid():
                services.user_set_password(
                    acting_user=request.user, user=target, password=password_form.cleaned_data["password1"]
                )
                messages.success(request, _("Đã đặt lại mật khẩu."))
                return redirect("accounts:user_detail", pk=target.pk)
        elif action in ("lock", "unlock"):
            services.user_set_active(acting_user=request.user, user=target, is_active=action == "unlock")
            messages.success(request, _("Đã mở khóa tài khoản.") if action == "unlock" else _("Đã khóa tài khoản."))
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
        "history": target.history.select_related("history_user").order_by("-history_date")[:20],
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
