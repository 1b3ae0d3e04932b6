#| kind: wrong
#| what: half-done: the NotImplementedError line is left above the answer
#| expect: not done yet
# Exercise 4b: choose a learning rate that brings the loss below 0.05 in 3 epochs, without exploding.
raise NotImplementedError("Exercise 4b: choose a learning rate that brings the loss below 0.05 in 3 epochs, without exploding. Replace this line with your answer.")
lr = 0.1
check_learning_rate(lr)
