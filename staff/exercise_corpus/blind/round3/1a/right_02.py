#| kind: right
#| what: JAX/NumPy style: the flat vector indexed with [:, None] to add the column axis
# Exercise 1a: make the targets y = X @ w_true + b_true + noise, as a column of shape (100, 1) like the model's output.
y = (X @ w_true + b_true + noise)[:, None]  # like jnp: add an axis with None
assert y.ndim == 2 and y.shape[1] == 1
check_targets(y, X, w_true, b_true, noise)
