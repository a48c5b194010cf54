"""Forms of the catalog pages: `parts` (list filters, bulk actions, the part form) and
`categories`."""
