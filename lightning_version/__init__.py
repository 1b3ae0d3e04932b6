"""The regression task as a LightningModule + Trainer: the refactor of the vanilla loop."""
import warnings

# lightning 2.6.6 calls a torch.utils._pytree API that torch 2.13 deprecates; nothing to fix here.
warnings.filterwarnings("ignore", message=r"`isinstance\(treespec, LeafSpec\)` is deprecated",
                        category=FutureWarning)
# Resuming writes into the folder that holds the checkpoints, by design; starting afresh there is
# refused before fit. (?s): the folder's name may hold a newline.
warnings.filterwarnings("ignore", message=r"(?s)Checkpoint directory .* exists and is not empty",
                        category=UserWarning)
# On machines with more than 2 cores Lightning suggests DataLoader workers; our rows are tensors
# already in memory, where worker processes would only add start-up time.
warnings.filterwarnings("ignore", message=r"The '\w+' does not have many workers",
                        category=UserWarning)
# A resume from a moved --checkpoint-dir: ModelCheckpoint forgets its best-model bookkeeping,
# which save_top_k=-1 without a monitored metric never uses.
warnings.filterwarnings("ignore", message=r"The dirpath has changed from", category=UserWarning)
