#| kind: wrong
#| what: too small: lr = 0.05 leaves the last epoch's loss near 0.17
#| expect: the steps are too small
# Exercise 4b: choose a learning rate that brings the loss below 0.05 in 3 epochs, without exploding.
lr = 0.05
check_learning_rate(lr)
