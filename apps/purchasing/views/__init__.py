"""Purchasing pages, one module per screen or resource; apps/purchasing/urls.py maps them."""
