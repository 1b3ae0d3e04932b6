#| kind: wrong
#| what: targets cast to float64 while the model outputs float32
#| expect: y is torch.float64
# Exercise 1a: make the targets y = X @ w_true + b_true + noise, as a column of shape (100, 1) like the model's output.
y = (X @ w_true + b_true + noise).unsqueeze(1).double()  # more precise targets
check_targets(y, X, w_true, b_true, noise)
