#| kind: wrong
#| what: lr just too large (0.5): every step overshoots, the loss does not explode to inf but ends above 1
#| expect: With lr=0.5 the last of 3 epochs has a mean loss of 1.1891, above
# Exercise 4b: choose a learning rate that brings the loss below 0.05 in 3 epochs, without exploding.
lr = 0.5  # bigger is faster
check_learning_rate(lr)
