"""The catalog's pages: `part_list` (list, export, bulk actions), `parts` (a part's page
and forms), `part_rows` (a row of the list and its reorder point in place), `categories`."""
