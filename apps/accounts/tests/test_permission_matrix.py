"""Walks every URL pattern of the project for an anonymous user and each role, and checks
the outcome against the permission matrix (apps/<app>/access_matrix.py).

allowed → neither 403 nor a redirect to sign-in, never 500; denied → 403; anonymous →
302 to the sign-in page (204 + HX-Redirect for HTMX); public URLs → reachable.
Every URL with an object in it is checked against a real object of the seeded data: a
kind of sample with no object is a failure, never an id that matches nothing (whose 404
would pass for a denial).
"""

from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.test import Client
from django.urls import reverse

from apps.accounts import matrix as m
from apps.accounts.roles import ADMIN, ROLES
from apps.attachments.models import Attachment
from apps.catalog.models import Part
from apps.demo.services.seed import seed
from apps.floor.services import checkout_create
from apps.imports.models import ImportJob, ImportRow, ImportStatus
from apps.inventory.models import Location, StockItem
from apps.inventory.services.stocktakes import stocktake_start

# 415: the JSON API refusing a form-encoded body.
ALLOWED_STATUSES = {200, 201, 204, 301, 302, 303, 400, 404, 405, 409, 415, 422}


def test_every_url_pattern_has_an_entry():
    table = m.load_matrix()
    routes = list(m.walk())
    names = [route.name for route in routes]
    problems = list(table.problems)
    for route in routes:
        if route.name is None:
            problems.append(f"/{route.route} has no URL name (the matrix is keyed by name)")
        elif route.name not in table.access and route.name not in table.public:
            problems.append(
                f"URL {route.name!r} (/{route.route}) has no entry in apps/<app>/access_matrix.py"
            )
    problems.extend(
        f"matrix entry {name!r} names no URL pattern (stale?)"
        for name in sorted(set(table.access) | table.public)
        if name not in names
    )
    problems.extend(
        f"URL name {name!r} is used by more than one pattern"
        for name in {n for n in names if n and names.count(n) > 1}
    )
    assert not problems, "\n".join(problems)


def test_every_app_view_declares_its_permissions():
    table = m.load_matrix()
    missing = [
        f"{route.name} (/{route.route}, {route.callback.__module__}.{route.callback.__name__})"
        for route in m.walk()
        if route.name not in table.public and not hasattr(route.callback, "required_permissions")
    ]
    assert not missing, "Views without @permission_required (apps/core/access.py):\n" + "\n".join(
        missing
    )


def _url(route, entry, table) -> str:
    """The URL with its sample kwargs; LookupError when a sample object is missing."""
    kwargs = dict(table.sample_kwargs.get(route.name, {}))
    kwargs.update(entry.get("kwargs", {}))
    for key, kind in entry.get("sample", {}).items():
        kwargs[key] = m.sample_pk(kind)
    missing = [key for key in route.kwargs if key not in kwargs]
    assert not missing, (
        f'{route.name}: no sample for URL kwargs {missing} (add "sample" to its entry)'
    )
    return reverse(route.name, kwargs=kwargs)


def _is_login_redirect(response) -> bool:
    """The login-required redirect: to the sign-in page with ?next= (a plain redirect to
    sign-in, as after signing out, is something else)."""
    if response.status_code == 302:
        target = urlsplit(response["Location"])
    elif response.status_code == 204 and response.get("HX-Redirect"):
        target = urlsplit(response["HX-Redirect"])
    else:
        return False
    return target.path == reverse("accounts:login") and "next=" in target.query


def _request(client, method, url, htmx):
    headers = {"HX-Request": "true", "HX-Current-URL": "http://testserver/"} if htmx else {}
    if method == "GET":
        return client.get(url, headers=headers)
    # Writes happen in a savepoint rolled back afterwards, so every request sees the same data.
    with transaction.atomic():
        response = getattr(client, method.lower())(url, headers=headers)
        transaction.set_rollback(True)
    return response


def _add_samples_the_demo_data_lacks():
    """The small demo data set has no stocktake (one started on a leaf location), no
    import (a checked parts import with one row) and no attachment."""
    location = Location.objects.filter(children__isnull=True).order_by("pk").first()
    admin = get_user_model().objects.filter(is_superuser=True).first()
    stocktake_start(location=location, user=admin)
    job = ImportJob.objects.create(
        kind="parts",
        status=ImportStatus.CHECKED,
        created_by=admin,
        original_name="parts.csv",
        file_format="csv",
        headers=["SKU", "Name"],
        mapping={"0": "sku", "1": "name"},
        total_rows=1,
        counts={"create": 1},
    )
    ImportRow.objects.create(job=job, number=2, values={"sku": "M-1", "name": "x"}, action="create")
    # A check-out (floor): one of a stock record's units lent to someone.
    item = StockItem.objects.filter(quantity__gte=1, part__is_active=True).order_by("pk").first()
    checkout_create(
        part=item.part, location=item.location, quantity=1, batch=item.batch, user=admin,
        borrower_name="Matrix sample",
    )  # fmt: skip
    # A file attached to a part (its file is not written: a download answers 404, allowed).
    part = Part.objects.order_by("pk").first()
    Attachment.objects.create(
        content_type=ContentType.objects.get_for_model(Part),
        object_id=part.pk,
        file=f"attachments/catalog.part/{part.pk}/datasheet.pdf",
        name="datasheet.pdf",
        media_type="application/pdf",
        size=100,
        uploaded_by=admin,
    )


@pytest.fixture
def role_clients(db):
    seed("small", log=lambda text: None)
    _add_samples_the_demo_data_lacks()
    clients = {None: (Client(), None)}
    for role in ROLES:
        user = get_user_model().objects.create_user(f"matrix-{role}", password="x-long-password-1")
        user.groups.add(Group.objects.get(name=role))
        if role == ADMIN:
            user.is_staff = True
            user.save()
        client = Client()
        client.force_login(user)
        clients[role] = (client, user)
    return clients


def test_the_seeded_data_has_an_object_of_every_sample_kind(role_clients):
    missing = []
    for kind in sorted(m.SAMPLE_KINDS):
        try:
            m.sample_pk(kind)
        except LookupError as error:
            missing.append(str(error))
    assert not missing, "Seed these for the matrix test:\n" + "\n".join(missing)


def test_an_unknown_or_empty_sample_kind_is_an_error(db):
    with pytest.raises(LookupError, match="unknown sample kind"):
        m.sample_pk("no_such_kind")
    with pytest.raises(LookupError, match="no stocktake"):
        m.sample_pk("stocktake")  # nothing seeded in this test


def test_everyone_stands_for_every_role_and_other_words_are_refused():
    problems = []
    assert m.roles_of("everyone", "x", problems) == frozenset(ROLES) and not problems
    assert m.roles_of({"viewer", "clerk"}, "x", problems) == {"viewer", "clerk"} and not problems
    m.roles_of("viewer", "x", problems)
    m.roles_of({"wizard"}, "x", problems)
    assert len(problems) == 2
    table = m.load_matrix()
    assert table.access["core:baseline"]["GET"] == frozenset(ROLES)


def test_permission_matrix(role_clients):
    table = m.load_matrix()
    assert not table.problems, "\n".join(table.problems)
    failures, checked = [], 0
    for route in m.walk():
        if route.name in table.public:
            entry = {"GET": frozenset(ROLES)}
        elif route.name in table.access:
            entry = table.access[route.name]
        else:
            continue  # reported by test_every_url_pattern_has_an_entry
        try:
            url = _url(route, entry, table)
        except LookupError as error:
            failures.append(f"{route.name}: {error}")
            continue
        for method in (meth for meth in m.METHODS if meth in entry):
            for htmx in (False, True) if method == "GET" else (False,):
                for role, (client, user) in role_clients.items():
                    what = f"{method}{' (HTMX)' if htmx else ''} {url} [{route.name}] as {role or 'anonymous'}"
                    try:
                        response = _request(client, method, url, htmx)
                    except Exception as error:  # noqa: BLE001 - a crash is a finding
                        failures.append(f"{what}: raised {error!r}")
                        continue
                    checked += 1
                    if method != "GET" and user is not None:
                        client.force_login(user)  # a POST may have signed out (logout)
                    status = response.status_code
                    if status >= 500:
                        failures.append(f"{what}: {status}")
                    elif route.name in table.public:
                        if status == 403 or _is_login_redirect(response):
                            failures.append(f"{what}: public URL answered {status}")
                    elif role is None and "anonymous" in entry:
                        if status != entry["anonymous"]:
                            failures.append(
                                f"{what}: expected {entry['anonymous']} for anonymous, got {status}"
                            )
                    elif role is None:
                        if not _is_login_redirect(response):
                            failures.append(f"{what}: expected a redirect to sign in, got {status}")
                    elif role in entry[method]:
                        if (
                            status == 403
                            or _is_login_redirect(response)
                            or status not in ALLOWED_STATUSES
                        ):
                            failures.append(f"{what}: allowed, but got {status}")
                    elif status != 403:
                        failures.append(f"{what}: denied, but got {status}")
    assert checked > 0
    assert not failures, f"{len(failures)} of {checked} checks failed:\n" + "\n".join(failures)


BAD_QUERIES = [
    "sort=no_such_column",
    "sort=-password",
    "page=abc",
    "page=-1",
    "page=99999999999999999999",
    "per_page=7",
    "q=%00",
    "q=" + "x" * 2000,
    "id=abc&pk=1e9&location=%27%3B--&category=-1&status=bogus&supplier=x",
]


def test_bad_query_strings_never_give_500(role_clients):
    """Every GET address (with its sample ids) with malformed parameters: 4xx or a page, never 500."""
    table = m.load_matrix()
    client, _ = role_clients[ADMIN]
    failures, checked = [], 0
    for route in m.walk():
        entry = table.access.get(route.name)
        if not entry or "GET" not in entry:
            continue
        url = _url(route, entry, table)
        for query in BAD_QUERIES:
            for htmx in (False, True):
                response = _request(client, "GET", f"{url}?{query}", htmx)
                checked += 1
                if response.status_code >= 500:
                    failures.append(
                        f"GET{' (HTMX)' if htmx else ''} {url}?{query[:60]} [{route.name}]: {response.status_code}"
                    )
    assert checked > 0
    assert not failures, "\n".join(failures)


GARBAGE_FORM = {
    "quantity": "abc",
    "reorder_point": "1e999",
    "unit_price": "NaN",
    "unit_cost": "-inf",
    "part": "x",
    "location": "-1",
    "category": "99999999999999999999",
    "supplier": "'; --",
    "ids": ["abc", "1.5"],
    "action": "bogus",
    "name": "x" * 5000,
    "sku": " ",
    "code": "ä" * 300,
    "expected_date": "2026-13-45",
    "status": "bogus",
    "lines-TOTAL_FORMS": "abc",
}


def test_garbage_form_data_never_gives_500(role_clients):
    """Every POST address as admin with nonsense values: 4xx or a handled answer, never 500."""
    table = m.load_matrix()
    client, user = role_clients[ADMIN]
    failures, checked = [], 0
    for route in m.walk():
        entry = table.access.get(route.name)
        if not entry or "POST" not in entry:
            continue
        url = _url(route, entry, table)
        for htmx in (False, True):
            headers = {"HX-Request": "true"} if htmx else {}
            with transaction.atomic():
                response = client.post(url, GARBAGE_FORM, headers=headers)
                transaction.set_rollback(True)
            client.force_login(user)
            checked += 1
            if response.status_code >= 500:
                failures.append(
                    f"POST{' (HTMX)' if htmx else ''} {url} [{route.name}]: {response.status_code}"
                )
    assert checked > 0
    assert not failures, "\n".join(failures)
