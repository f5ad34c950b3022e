"""Reports written from reconciliation results (Excel, streamed by reports.stream_xlsx)."""
