#| kind: right
#| what: accelerator='auto' and devices=1 written out, asserts the number of recorded steps, returns a tuple built in a named variable
# Exercise 3c: write train(config), the Lightning twin of vanilla/minimal.py's train: the same losses and weights, bitwise.
def train(config):
    L.seed_everything(config.seed)
    X, y, _, _ = make_data(config)
    dataset = make_dataset(X, y)
    train_loader = DataLoader(dataset, batch_size=config.batch_size, shuffle=config.shuffle)
    model = minimal.LitRegressor(config.n_features, config.lr)
    losses = minimal.Losses()
    trainer = L.Trainer(
        accelerator="auto",  # as the vanilla loop: a GPU if there is one, else the CPU
        devices=1,
        max_epochs=config.epochs,
        callbacks=[losses],
        logger=False,
        enable_checkpointing=False,
        num_sanity_val_steps=0,  # no validation loader anyway
    )
    trainer.fit(model, train_loader)
    assert len(losses.values) == config.epochs * len(train_loader), "one loss per optimizer step"
    result = (losses.values, model.model)
    return result


check_minimal_train(train)
