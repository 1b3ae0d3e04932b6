#| kind: right
#| what: over-engineered: a helper that builds the loader, max_steps as well as max_epochs, asserts on the number of recorded losses and on the trainer's epoch count, and a copied list returned
# Exercise 3c: write train(config), the Lightning twin of vanilla/minimal.py's train: the same losses and weights, bitwise.
def _loader(config):
    X, y, *_ = make_data(config)
    return DataLoader(make_dataset(X, y), batch_size=config.batch_size, shuffle=config.shuffle)


def train(config):
    L.seed_everything(config.seed)  # instead of torch.manual_seed: seeds torch (and random, numpy) the same way
    train_loader = _loader(config)
    model = minimal.LitRegressor(config.n_features, config.lr)
    callback = minimal.Losses()
    steps = config.epochs * len(train_loader)
    trainer = L.Trainer(max_epochs=config.epochs, max_steps=steps, callbacks=[callback],
                        logger=False, enable_checkpointing=False, num_sanity_val_steps=0)
    trainer.fit(model, train_dataloaders=train_loader)
    assert len(callback.values) == steps, (len(callback.values), steps)
    assert trainer.current_epoch == config.epochs
    print(f"trained {trainer.current_epoch} epochs, {trainer.global_step} steps, last loss {callback.values[-1]:.4f}")
    return list(callback.values), model.model


check_minimal_train(train)
