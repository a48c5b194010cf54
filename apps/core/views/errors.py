"""The 500 handler (project/urls.py `handler500`)."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader


def server_error(request):
    """500 handler; a database that went away is a 503 with a page saying so.

    The templates here render without context processors: they must not touch the
    database that may be the reason we are here.
    """
    error = sys.exc_info()[1]
    if isinstance(error, (OperationalError, InterfaceError)):
        body = loader.get_template("503.html").render()
        response = HttpResponse(body, status=503)
        response["Retry-After"] = "10"
        return response
    return HttpResponseServerError(loader.get_template("500.html").render())
