#| kind: wrong
#| what: limit_train_batches limits the validation loader to 3 batches too (limit_val_batches is not set: all of them run); unseen with the lesson's 2 validation batches
#| expect: limit_train_batches(train_loader, val_loader) returns 3 validation
# Exercise 7b: return (training batches, validation batches) of one epoch under each flag.
def limit_train_batches(train_loader, val_loader):
    limit = 3
    return list(itertools.islice(train_loader, limit)), list(itertools.islice(val_loader, limit))


def overfit_batches(train_loader, val_loader):
    limit = 2
    in_order = DataLoader(train_loader.dataset, batch_size=train_loader.batch_size, shuffle=False)
    return list(itertools.islice(in_order, limit)), list(itertools.islice(val_loader, limit))


check_debugging_flags(limit_train_batches, overfit_batches)
