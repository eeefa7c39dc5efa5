"""After checking: values the content implies, added to the checked directory (coordinates), never inside a check."""

from __future__ import annotations

from . import geo
from .models import Directory


def enriched(directory: Directory) -> Directory:
    """Return the directory with each listing placed on the map where its file gives no coordinates: its ZIP code's
    or town's centre (geo.located). Set on the listings themselves, which its categories and guides share."""
    for listing in directory.listings:
        if listing.location is not None:
            listing.location = geo.located(listing.location, directory.site.country)
    return directory
