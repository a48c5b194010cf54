"""Forms of the purchasing pages, one module per resource."""
