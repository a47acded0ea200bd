"""Form helpers shared by every app."""


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
