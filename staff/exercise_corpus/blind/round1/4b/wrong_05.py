#| kind: wrong
#| what: a learning-rate scan whose loop variable leaks: lr is left at the last value tried, 1.0, which explodes
#| expect: The loss explodes: with lr=1.0
# Exercise 4b: choose a learning rate that brings the loss below 0.05 in 3 epochs, without exploding.
for lr in (0.001, 0.01, 0.1, 1.0):
    print("will try", lr)
check_learning_rate(lr)
