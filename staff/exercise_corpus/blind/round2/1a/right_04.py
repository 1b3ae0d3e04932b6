#| kind: right
#| what: small helper function using einsum and unsqueeze(-1), the bias passed as b_true.item()
# Exercise 1a: make the targets y = X @ w_true + b_true + noise, as a column of shape (100, 1) like the model's output.
def make_targets(X, w, b, eps):
    """y = X w + b + eps, returned as a column (N, 1)."""
    flat = torch.einsum("nf,f->n", X, w) + b + eps
    return flat.unsqueeze(-1)


y = make_targets(X, w_true, b_true.item(), noise)
check_targets(y, X, w_true, b_true, noise)
