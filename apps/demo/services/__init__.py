"""The demo data sets: `seed` (the whole set) and the pieces it is made of."""
