#| kind: wrong
#| what: half done: limit_train_batches written, overfit_batches left with its raise NotImplementedError
#| expect: not done yet
# Exercise 7b: return (training batches, validation batches) of one epoch under each flag.
def limit_train_batches(train_loader, val_loader):
    first_three = list(itertools.islice(train_loader, 3))
    return first_three, list(val_loader)


def overfit_batches(train_loader, val_loader):
    raise NotImplementedError("Exercise 7b: return (training batches, validation batches) of one epoch under each flag. Replace this line with your answer.")


check_debugging_flags(limit_train_batches, overfit_batches)
