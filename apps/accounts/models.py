"""Accounts: users are Django's; roles are groups (apps.accounts.roles). Stored here: the
failed sign-ins, in the database so the throttle holds across Gunicorn workers."""

from django.db import models
from django.utils import timezone


class FailedLogin(models.Model):
    username = models.CharField(max_length=150, help_text="As typed, lower-cased.")
    client_address = models.CharField(max_length=45, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "failed sign-in"
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["username", "created_at"], name="failedlogin_user_idx"),
            models.Index(fields=["client_address", "created_at"], name="failedlogin_addr_idx"),
            models.Index(fields=["created_at"], name="failedlogin_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.username} from {self.client_address or 'unknown'} at {self.created_at:%Y-%m-%d %H:%M}"


class PasswordResetRequest(models.Model):
    """Reset emails asked for, to limit how many one address or one mailbox can trigger."""

    email = models.CharField(max_length=254, help_text="As typed, lower-cased.")
    client_address = models.CharField(max_length=45, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["email", "created_at"], name="resetrequest_email_idx"),
            models.Index(fields=["client_address", "created_at"], name="resetrequest_addr_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.email} from {self.client_address or 'unknown'}"
