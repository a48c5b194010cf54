"""The import pages: `jobs` (list, upload, an import at its current step and its steps),
`rows` (a cell fixed in place, a row skipped), `templates` (empty files to fill in) and
`exports` (every list as CSV or XLSX, in the importer's columns)."""
