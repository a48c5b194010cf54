"""Layout-level views: health checks, uploaded files, the benchmark's baseline, error pages."""
