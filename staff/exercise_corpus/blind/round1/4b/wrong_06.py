#| kind: wrong
#| what: the learning rate as a string, "0.1", not a number
#| expect: lr is the string '0.1'
# Exercise 4b: choose a learning rate that brings the loss below 0.05 in 3 epochs, without exploding.
lr = "0.1"
check_learning_rate(lr)
