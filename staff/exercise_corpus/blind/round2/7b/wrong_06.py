#| kind: wrong
#| what: overfit_batches limits only the training loader and runs every validation batch; unseen with the lesson's 2 validation batches
#| expect: overfit_batches(train_loader, val_loader) returns 4 validation
# Exercise 7b: return (training batches, validation batches) of one epoch under each flag.
def limit_train_batches(train_loader, val_loader):
    return list(itertools.islice(train_loader, 3)), list(val_loader)


def overfit_batches(train_loader, val_loader):
    in_order = DataLoader(train_loader.dataset, batch_size=train_loader.batch_size, shuffle=False)
    return list(itertools.islice(in_order, 2)), list(val_loader)


check_debugging_flags(limit_train_batches, overfit_batches)
