"""Form helpers shared by every app."""

from django.core.exceptions import ValidationError


def add_errors(form, exc, renames=None):
    """Put a service's ``ValidationError`` on ``form``: on the named field when the form has it, else on top.

    ``renames`` maps a service's field name to the form's (``{"place": "place_code"}``).
    """
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            field = (renames or {}).get(field, field)
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


class Submission:
    """What :func:`submit` did: true when the write was done; ``value`` is what the service returned."""

    __slots__ = ("ok", "value")

    def __init__(self, ok, value=None):
        self.ok, self.value = ok, value

    def __bool__(self):
        return self.ok


def submit(request, form, write, renames=None):
    """The skeleton of every view that writes: a POST whose form is valid calls ``write(cleaned_data)``
    (which calls the service, where the permission and the rules are checked); a ``ValidationError``
    from it lands on the form (:func:`add_errors`). Nothing else is decided here.

    ``if done := submit(request, form, lambda data: services.x(acting_user=request.user, **data)):``
    then redirect; else render the form with :func:`status_of`.
    """
    if request.method != "POST" or not form.is_valid():
        return Submission(False)
    try:
        return Submission(True, write(form.cleaned_data))
    except ValidationError as exc:
        add_errors(form, exc, renames)
        return Submission(False)


def status_of(form):
    """The status of a page that shows ``form``: 400 when it came back with errors."""
    return 400 if form.is_bound and form.errors else 200
