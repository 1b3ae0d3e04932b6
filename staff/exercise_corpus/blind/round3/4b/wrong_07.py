#| kind: wrong
#| what: lr given as a string, as it would come from the command line: "0.2" is not a number
#| expect: lr is the string '0.2', not a number (lesson 1, "The same step with
# Exercise 4b: choose a learning rate that brings the loss below 0.05 in 3 epochs, without exploding.
lr = "0.2"  # same as --lr 0.2
check_learning_rate(lr)
