"""The list of OPDs (perangkat daerah) as a file: `ckan satudata opd import/export`.

``records`` reads, checks and writes the file and plans the changes (pure: no CKAN);
``sync`` applies a plan to the portal's organizations; ``cli`` is the command group.
"""
