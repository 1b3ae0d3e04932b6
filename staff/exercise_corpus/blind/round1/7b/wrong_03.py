#| kind: wrong
#| what: off by one: the break test comes after the append and compares the index with 3, so 4 training batches are taken
#| expect: returns 4 training batches an epoch
# Exercise 7b: return (training batches, validation batches) of one epoch under each flag.
def limit_train_batches(train_loader, val_loader):
    train = []
    for i, batch in enumerate(train_loader):
        train.append(batch)
        if i == 3:
            break
    val = list(val_loader)  # limit_val_batches is untouched: every validation batch
    return train, val


def overfit_batches(train_loader, val_loader):
    in_order = DataLoader(train_loader.dataset, batch_size=train_loader.batch_size)  # shuffling off
    return list(itertools.islice(in_order, 2)), list(itertools.islice(val_loader, 2))


check_debugging_flags(limit_train_batches, overfit_batches)
