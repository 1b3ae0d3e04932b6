#| kind: wrong
#| what: exponent sign typo: 1e1 (= 10) where 1e-1 was meant; the loss explodes to inf, then nan
#| expect: The loss explodes
# Exercise 4b: choose a learning rate that brings the loss below 0.05 in 3 epochs, without exploding.
lr = 1e1  # 0.1
check_learning_rate(lr)
