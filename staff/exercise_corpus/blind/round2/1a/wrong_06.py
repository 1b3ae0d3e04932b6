#| kind: wrong
#| what: casts y to float64 with .double(): right values and shape, wrong dtype against the float32 model
#| expect: y is torch.float64, but the model's weights and output are
# Exercise 1a: make the targets y = X @ w_true + b_true + noise, as a column of shape (100, 1) like the model's output.
y = (X @ w_true + b_true + noise).unsqueeze(1).double()  # double precision for accurate targets
check_targets(y, X, w_true, b_true, noise)
