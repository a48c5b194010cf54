"""Forms of inventory, one module per screen or resource."""
