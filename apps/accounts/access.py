"""Moved to apps/core/access.py (core is the bottom layer; its own views need it).

Kept only while the apps reshaped in parallel (catalog, inventory, purchasing) still
import `apps.accounts.access`: once they import `apps.core.access`, delete this module.
"""

from apps.core.access import PUBLIC, forbidden, permission_required

__all__ = ["PUBLIC", "forbidden", "permission_required"]
