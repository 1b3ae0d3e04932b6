"""The regression task as a raw PyTorch loop: the reference the Lightning version is held to."""
