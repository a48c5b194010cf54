"""Password change (signed in) and reset by email (limited per address and mailbox):
Django's auth views with our templates."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.urls import reverse_lazy

from apps.accounts import services
from apps.accounts.forms import ThrottledPasswordChangeForm
from apps.accounts.views.throttled import TooManyRequestsWhenThrottled
from apps.core.access import permission_required


class PasswordChangeView(TooManyRequestsWhenThrottled, auth_views.PasswordChangeView):
    """Django's password change; wrong current passwords are throttled like sign-ins."""

    form_class = ThrottledPasswordChangeForm
    success_url = reverse_lazy("accounts:password_change_done")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}


password_change = permission_required()(PasswordChangeView.as_view())
password_change_done = permission_required()(auth_views.PasswordChangeDoneView.as_view())


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset, limited per client address and per mailbox (services)."""

    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        address_ok, mailbox_ok = services.password_reset_allowed(
            email=form.cleaned_data["email"], client_address=services.client_address(self.request)
        )
        if not address_ok:
            form.add_error(
                None, "Too many reset requests from your network address. Try again in 15 minutes."
            )
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        if not mailbox_ok:
            return HttpResponseRedirect(self.get_success_url())  # same answer, no more mail
        # The link's address comes from settings, not from the request's Host header.
        self.extra_email_context = {"site_url": settings.SITE_URL}
        return super().form_valid(form)


password_reset = PasswordResetView.as_view()
password_reset_done = auth_views.PasswordResetDoneView.as_view()
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    success_url=reverse_lazy("accounts:password_reset_complete")
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view()
