"""Operating the portal: backups and restores, health checks."""
