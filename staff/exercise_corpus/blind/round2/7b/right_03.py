#| kind: right
#| what: copied from Lightning's _parse_num_batches and _init_debugging_flags: the limit as min(n, len(loader)), taken with zip(range(n), loader); overfit sets both limits to n and a sequential loader
# Exercise 7b: return (training batches, validation batches) of one epoch under each flag.
def _num_batches(loader, limit):
    # trainer/connectors/data_connector.py, _parse_num_batches: an int n runs min(n, len(loader))
    if isinstance(limit, float):
        return int(limit * len(loader))
    return min(limit, len(loader))


def _run(loader, limit):
    n = _num_batches(loader, limit)
    return [batch for _, batch in zip(range(n), loader)]


def limit_train_batches(train_loader, val_loader):
    limits = {"limit_train_batches": 3, "limit_val_batches": 1.0}  # Trainer's default for val: 1.0, all
    return _run(train_loader, limits["limit_train_batches"]), _run(val_loader, limits["limit_val_batches"])


def overfit_batches(train_loader, val_loader):
    overfit = 2
    limits = {"limit_train_batches": overfit, "limit_val_batches": overfit}  # trainer/setup.py
    # _resolve_overfit_batches: a SequentialSampler instead of the shuffling one, on the same dataset
    sequential = DataLoader(train_loader.dataset, batch_size=train_loader.batch_size)
    return _run(sequential, limits["limit_train_batches"]), _run(val_loader, limits["limit_val_batches"])


check_debugging_flags(limit_train_batches, overfit_batches)
