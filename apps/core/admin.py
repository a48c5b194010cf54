"""core has no models to administer: DataVersion is bookkeeping for the page cache."""
