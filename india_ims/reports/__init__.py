"""Reports written from reconciliation results (Excel via openpyxl)."""
