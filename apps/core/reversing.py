"""reverse() for the addresses a page builds by the dozen: a row's links, the navigation.

Django's reverse() walks the resolver's candidates and two context-local lookups on every
call, 50–100 µs; a stock list of 25 rows made about 90 of them. Here each URL name is
reversed once with marker numbers (per URL configuration and script prefix), and later
calls put their numbers where the markers were. Only whole non-negative numbers take this
way (the ids in rows); anything else, and every name the markers cannot reverse, goes
through Django's reverse() itself, so results and errors are Django's.
"""

from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

# Numbers no real id reaches, each found once in the reversed address.
MARKERS = ("7390000000000000001", "7390000000000000002", "7390000000000000003")


def fast_reverse(viewname: str, args=None, kwargs=None) -> str:
    values = list(args or ()) + list((kwargs or {}).values())
    if (args and kwargs) or len(values) > len(MARKERS) or not all(map(_whole, values)):
        return reverse(viewname, args=args, kwargs=kwargs)
    shape = tuple(kwargs) if kwargs else len(args or ())
    pieces = _pieces(viewname, shape, get_urlconf(), get_script_prefix())
    if pieces is None:
        return reverse(viewname, args=args, kwargs=kwargs)
    out = [pieces[0]]
    for value, piece in zip(values, pieces[1:], strict=True):
        out.append(str(value))
        out.append(piece)
    return "".join(out)


def _whole(value) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return value >= 0
    return isinstance(value, str) and value.isascii() and value.isdigit()


@lru_cache(maxsize=4096)
def _pieces(viewname: str, shape, urlconf, prefix: str) -> tuple[str, ...] | None:
    """The address around the markers, or None when the markers do not reverse (a
    converter other than numbers) or do not each stand once, in order."""
    try:
        if isinstance(shape, int):
            url = reverse(viewname, args=MARKERS[:shape], urlconf=urlconf)
        else:
            url = reverse(viewname, kwargs=dict(zip(shape, MARKERS, strict=False)), urlconf=urlconf)
    except NoReverseMatch:
        return None
    count = shape if isinstance(shape, int) else len(shape)
    pieces, rest = [], url
    for marker in MARKERS[:count]:
        if url.count(marker) != 1:
            return None
        head, _, rest = rest.partition(marker)
        pieces.append(head)
    pieces.append(rest)
    return tuple(pieces)


@receiver(setting_changed)
def _forget_on_new_urls(*, setting, **kwargs):
    # Tests swap ROOT_URLCONF; Django clears its own URL caches then, and so do we.
    if setting in {"ROOT_URLCONF", "FORCE_SCRIPT_NAME"}:
        _pieces.cache_clear()
