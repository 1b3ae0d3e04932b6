#| kind: wrong
#| what: far too large: 1.0 explodes, the loss grows without bound
#| expect: The loss explodes
# Exercise 4b: choose a learning rate that brings the loss below 0.05 in 3 epochs, without exploding.
lr = 1.0
check_learning_rate(lr)
