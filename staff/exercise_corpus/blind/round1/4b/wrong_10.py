#| kind: wrong
#| what: "divide it by 10" applied to lesson 1's rate: 0.001, even slower
#| expect: the steps are too small
# Exercise 4b: choose a learning rate that brings the loss below 0.05 in 3 epochs, without exploding.
lr = 0.01 / 10  # the lesson says: divide it by 10
check_learning_rate(lr)
