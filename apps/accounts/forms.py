from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm

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


class ThrottledPasswordChangeForm(PasswordChangeForm):
    """Password change whose wrong current passwords count as failed sign-ins, per account
    and per address: without it, a signed-in session (a shared PC left open) could guess
    the current password without limit. While paused the password is not even checked."""

    throttled = None

    def __init__(self, user, *args, request=None, **kwargs):
        self.request = request
        super().__init__(user, *args, **kwargs)

    def clean_old_password(self):
        username = self.user.get_username()
        address = services.client_address(self.request) if self.request else ""
        self.throttled = services.login_throttle_check(
            username=username, client_address=address, doing="changing the password"
        )
        if self.throttled:
            raise forms.ValidationError(self.throttled.message, code="throttled")
        try:
            old_password = super().clean_old_password()
        except forms.ValidationError:
            services.login_failure_record(username=username, client_address=address)
            raise
        services.login_success_record(username=username)
        return old_password
