"""The app's routes: pages (HTML), the JSON API, and the health check."""
