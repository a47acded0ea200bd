"""Form helpers shared by every app."""


def add_errors(form, exc):
    """Put a service's ``ValidationError`` on ``form``: on the named field when the form has it, else on top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
