"""Sign in (throttled), sign out, password change and reset: Django's auth views with
our forms and templates."""

from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy

from apps.accounts.access import permission_required
from apps.accounts.forms import LoginForm


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.throttled:
            response.status_code = 429
            response["Retry-After"] = str(form.throttled.retry_after)
        return response


login = LoginView.as_view()
logout = permission_required()(auth_views.LogoutView.as_view())
password_change = permission_required()(
    auth_views.PasswordChangeView.as_view(success_url=reverse_lazy("password_change_done"))
)
password_change_done = permission_required()(auth_views.PasswordChangeDoneView.as_view())
password_reset = auth_views.PasswordResetView.as_view(success_url=reverse_lazy("password_reset_done"))
password_reset_done = auth_views.PasswordResetDoneView.as_view()
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    success_url=reverse_lazy("password_reset_complete")
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view()
