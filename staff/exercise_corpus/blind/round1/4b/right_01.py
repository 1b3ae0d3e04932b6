#| kind: right
#| what: lr = 0.1: ten times lesson 1's rate
# Exercise 4b: choose a learning rate that brings the loss below 0.05 in 3 epochs, without exploding.
lr = 0.1
check_learning_rate(lr)
