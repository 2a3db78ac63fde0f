# The guide reads city data and its YAML content; it has no models of its own.
