"""PDF documents, XLSX exports and KPI queries."""
