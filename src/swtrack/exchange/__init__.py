"""Trading data with others: requests for missing figures, spreadsheets imported, trackers compared."""
