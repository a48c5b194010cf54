"""Reads of the purchasing pages, one module per resource; each list runs a constant number of queries."""
