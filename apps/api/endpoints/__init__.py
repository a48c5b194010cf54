"""The API's endpoints, one module per resource (django-ninja routers, put together in
apps/api/api.py). Each reads through the owning app's selectors and writes through its
services, as the pages do."""
