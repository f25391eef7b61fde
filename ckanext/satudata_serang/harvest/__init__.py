"""Harvesting other catalogs into the portal (DCAT RDF and CKAN sources)."""
