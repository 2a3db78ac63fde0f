"""The guide has no models, so nothing to register in the admin."""
