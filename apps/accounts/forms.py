from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm

from apps.accounts import services


class ThrottledLoginMixin:
    """Sign-in that pauses after too many failures per account and per client address.

    While paused the password is not even checked, so guessing goes no further.
    """

    throttled = None

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        password = self.cleaned_data.get("password")
        if not username or not password:
            return super().clean()
        address = services.client_address(self.request) if self.request else ""
        self.throttled = services.login_throttle_check(username=username, client_address=address)
        if self.throttled:
            raise forms.ValidationError(self.throttled.message, code="throttled")
        try:
            cleaned = super().clean()
        except forms.ValidationError as error:
            if getattr(error, "code", None) == "invalid_login":
                services.login_failure_record(username=username, client_address=address)
            raise
        services.login_success_record(username=username)
        return cleaned


class LoginForm(ThrottledLoginMixin, AuthenticationForm):
    pass


class AdminLoginForm(ThrottledLoginMixin, AdminAuthenticationForm):
    pass
