#| kind: wrong
#| what: keeps lesson 1's learning rate 0.01: far too slow, the loss is still about 4 after 3 epochs
#| expect: the steps are too small
# Exercise 4b: choose a learning rate that brings the loss below 0.05 in 3 epochs, without exploding.
lr = 0.01
check_learning_rate(lr)
