"""Posts (chức danh) a cadre holds: adding one, ending one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from danvan.core import scoping
from danvan.core.forms import status_of, submit
from danvan.core.scoping import get_scoped_or_404

from .. import forms, services
from ..models import Appointment, Cadre
from .base import base_context, form_unit, without_unit_code


@login_required
def appointment_add(request, pk):
    cadre = get_scoped_or_404(Cadre.objects.select_related("unit"), request.user, scoping.MANAGE, pk=pk)
    form = forms.AppointmentForm(request.POST or None, initial={"unit_code": cadre.unit.code})

    def write(data):
        target = form_unit(request, form)
        return services.appointment_add(acting_user=request.user, cadre=cadre, unit=target, **without_unit_code(data))

    if submit(request, form, write):
        messages.success(request, _("Đã thêm chức danh."))
        return redirect(cadre)
    context = base_context(request, cadre.unit, form=form, title=_("Thêm chức danh: %(name)s") % {"name": cadre})
    return render(request, "cadres/form.html", context, status=status_of(form))


@login_required
def appointment_end(request, pk):
    appointment = get_scoped_or_404(
        Appointment.objects.select_related("cadre", "cadre__unit"), request.user, scoping.MANAGE, pk=pk
    )
    form = forms.EndForm(request.POST or None)

    def write(data):
        return services.appointment_end(acting_user=request.user, appointment=appointment, end=data["end"])

    if submit(request, form, write):
        messages.success(request, _("Đã kết thúc chức danh."))
        return redirect(appointment.cadre)
    title = _("Kết thúc chức danh %(post)s: %(name)s") % {"post": appointment, "name": appointment.cadre}
    context = base_context(request, appointment.cadre.unit, form=form, title=title)
    return render(request, "cadres/form.html", context, status=status_of(form))
