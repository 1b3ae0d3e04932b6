#| kind: wrong
#| what: reads "try a few values" as passing several at once: a list of learning rates, not one number
#| expect: lr is [0.05, 0.1, 0.2], a list (lesson 1, "The same step with `nn`
# Exercise 4b: choose a learning rate that brings the loss below 0.05 in 3 epochs, without exploding.
lr = [0.05, 0.1, 0.2]  # try a few values
check_learning_rate(lr)
