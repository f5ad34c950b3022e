"""Provider adapters and their wire keys (the only place besides ``gst_india.payload`` that names them)."""
