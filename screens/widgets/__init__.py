"""screens/widgets package."""
