"""Sign in (throttled) and sign out: Django's auth views with our form and templates."""

from django.contrib.auth import views as auth_views

from apps.accounts.forms import LoginForm
from apps.accounts.views.throttled import TooManyRequestsWhenThrottled
from apps.core.access import permission_required


class LoginView(TooManyRequestsWhenThrottled, auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True


login = LoginView.as_view()
logout = permission_required()(auth_views.LogoutView.as_view())
