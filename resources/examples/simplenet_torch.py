"""The seed's SimpleNet in PyTorch, for graphviz-app: ``graphviz-app torch:simplenet_torch.py``.

The model, the loss and the optimizer are written as the seed writes them; ``main()`` is what
graphviz-app calls: it returns the loss and the names of the tensors, and the app walks the
autograd graph PyTorch recorded for that loss (``loss.grad_fn`` down to the weights).
``python simplenet_torch.py`` trains it with PyTorch itself, for comparison with
``graphviz-app train torch:simplenet_torch.py --steps 100 --optimizer adam --lr 0.01``.
"""

import torch
import torch.nn as nn
import torch.optim as optim


class SimpleNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden = nn.Linear(2, 2)
        self.output = nn.Linear(2, 1)

    def forward(self, x):
        x = torch.sigmoid(self.hidden(x))
        x = self.output(x)
        return x


def setup():
    torch.manual_seed(0)
    model = SimpleNet()
    criterion = nn.MSELoss()
    x = torch.tensor([[0.5, 1.5]])
    y = torch.tensor([[1.0]])
    return model, criterion, x, y


def main():
    model, criterion, x, y = setup()
    loss = criterion(model(x), y)
    return loss, {**dict(model.named_parameters()), "x": x, "y": y}


if __name__ == "__main__":
    model, criterion, x, y = setup()
    optimizer = optim.Adam(model.parameters(), lr=0.01)
    for step in range(100):
        optimizer.zero_grad()
        loss = criterion(model(x), y)
        loss.backward()
        optimizer.step()
        if step % 10 == 0:
            print(f"step {step:3d}  loss {loss.item():.6f}")
