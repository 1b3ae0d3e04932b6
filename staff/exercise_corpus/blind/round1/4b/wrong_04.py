#| kind: wrong
#| what: explodes: lr = 10 makes the loss inf, then nan
#| expect: The loss explodes: with lr=10.0
# Exercise 4b: choose a learning rate that brings the loss below 0.05 in 3 epochs, without exploding.
lr = 10
check_learning_rate(lr)
