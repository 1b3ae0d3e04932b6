#| kind: wrong
#| what: too large: lr = 0.5 overshoots, the loss oscillates and ends above 1
#| expect: the steps are too large
# Exercise 4b: choose a learning rate that brings the loss below 0.05 in 3 epochs, without exploding.
lr = 0.5
check_learning_rate(lr)
