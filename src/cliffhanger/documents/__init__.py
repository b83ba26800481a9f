"""Documents: turning bytes from a file, page or archive into clean `Document`s."""
