#| kind: wrong
#| what: noise scaled by 0.1 a second time (noise already holds 0.1 * randn)
#| expect: y holds noise times 0.1
# Exercise 1a: make the targets y = X @ w_true + b_true + noise, as a column of shape (100, 1) like the model's output.
y = (X @ w_true + b_true + 0.1 * noise).unsqueeze(1)
check_targets(y, X, w_true, b_true, noise)
