"""Ids-first paging of the purchasing lists (a page is chosen over bare ids, then its
rows are fetched with their joins and figures)."""


def rows_for_page(listing, fetch) -> None:
    """Deferred join: `listing` was paged over bare ids (an index walk, however deep the
    page); its rows become `fetch(ids)` (a dict by pk), in the page's order. Without it a
    deep page computes the joins and figures of every row it skips."""
    found = fetch(listing.rows)
    listing.rows = [found[pk] for pk in listing.rows if pk in found]
