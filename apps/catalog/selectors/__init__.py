"""Read-side queries of the catalog pages: `parts` (the list, a part's figures) and
`categories` (the tree)."""
