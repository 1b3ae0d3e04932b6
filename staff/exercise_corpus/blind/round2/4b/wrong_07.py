#| kind: wrong
#| what: NameError: the answer stored under another name (learning_rate), lr never defined
#| expect: raised NameError
# Exercise 4b: choose a learning rate that brings the loss below 0.05 in 3 epochs, without exploding.
learning_rate = 0.2
check_learning_rate(lr)
