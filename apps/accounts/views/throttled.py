"""What a throttled form's view answers once the form refuses for too many failures."""


class TooManyRequestsWhenThrottled:
    """A form view mixin: when the form refused because of the throttle (`form.throttled`),
    the page with its message comes back as 429 with Retry-After, so a script backs off."""

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.throttled:
            response.status_code = 429
            response["Retry-After"] = str(form.throttled.retry_after)
        return response
