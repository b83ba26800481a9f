"""Status: the rules that turn a show's timeline into its current status."""
