"""Sign in (throttled) and sign out: Django's auth views with our form and templates."""

from django.contrib.auth import views as auth_views

from apps.accounts.forms import LoginForm
from apps.core.access import permission_required


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
