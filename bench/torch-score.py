# The PyTorch script a researcher would write instead of `alveo score` (issue 11's baseline): PIL
# decode, grayscale -> RGB, Resize(224) bilinear, normalise, torchvision ResNet18 with one output,
# batches of 16, torch.inference_mode, the same thread count as Alveo. Weights are random: the
# speed of a forward pass does not depend on their values. With `tta`, the recipe's test-time views
# (training/pytorch/augment.py), logits averaged, as Alveo serves the default model. Prints one JSON line.
# Run: python3 bench/torch-score.py FILELIST THREADS [tta]
import json
import sys
import time
from pathlib import Path

import torch
import torchvision
from PIL import Image
from torchvision import transforms

files = [line.strip() for line in open(sys.argv[1]) if line.strip()]
threads = int(sys.argv[2])
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / 'training' / 'pytorch'))
from augment import TTA_VIEWS, tta_view  # noqa: E402
views = TTA_VIEWS if sys.argv[3:] == ['tta'] else [(1.0, 0.0, 0.0)]
torch.set_num_threads(threads)
model = torchvision.models.resnet18(num_classes=1).eval()
prep = transforms.Compose([
    transforms.Resize((224, 224), interpolation=transforms.InterpolationMode.BILINEAR),
    transforms.ToTensor(),
])
normalise = transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])
with torch.inference_mode():
    model(torch.zeros(1, 3, 224, 224))  # warm-up, as Alveo's runtime does
    started = time.perf_counter()
    cpu0 = time.process_time()
    decode = 0.0
    probs = []
    for i in range(0, len(files), 16):
        t0 = time.perf_counter()
        x = torch.stack([prep(Image.open(f).convert('RGB')) for f in files[i:i + 16]])
        decode += time.perf_counter() - t0
        logits = sum(model(normalise(tta_view(x, *v))) for v in views) / len(views)
        probs.extend(torch.sigmoid(logits).flatten().tolist())
    wall = time.perf_counter() - started
    cpu = time.process_time() - cpu0
print(json.dumps({'images': len(probs), 'views': len(views), 'seconds': wall, 'cpuSeconds': cpu, 'decodeSeconds': decode, 'threads': threads, 'torch': torch.__version__}))
