"""What leaves gapkit: tables, worklist formats, charts and chart images, with their metadata."""
