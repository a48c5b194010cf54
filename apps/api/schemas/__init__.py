"""The API's request and response bodies (pydantic, through django-ninja), per area."""
