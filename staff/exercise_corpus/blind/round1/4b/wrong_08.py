#| kind: wrong
#| what: names the variable learning_rate, so lr is undefined: NameError
#| expect: NameError
# Exercise 4b: choose a learning rate that brings the loss below 0.05 in 3 epochs, without exploding.
learning_rate = 0.1
check_learning_rate(lr)
