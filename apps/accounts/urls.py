from django.urls import path

from apps.accounts.views import passwords, sign_in

app_name = "accounts"

urlpatterns = [
    path("login/", sign_in.login, name="login"),
    path("logout/", sign_in.logout, name="logout"),
    path("password/", passwords.password_change, name="password_change"),
    path("password/done/", passwords.password_change_done, name="password_change_done"),
    path("password-reset/", passwords.password_reset, name="password_reset"),
    path("password-reset/done/", passwords.password_reset_done, name="password_reset_done"),
    path(
        "reset/<uidb64>/<token>/", passwords.password_reset_confirm, name="password_reset_confirm"
    ),
    path("reset/done/", passwords.password_reset_complete, name="password_reset_complete"),
]
