"""Sign in and out, password change and reset."""
