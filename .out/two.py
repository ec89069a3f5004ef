import sys, tempfile
from pathlib import Path
import kiosk.bench.sync as b
b.MEMBERS = tuple(sys.argv[1].split(","))
with tempfile.TemporaryDirectory() as t:
    r = b.run(Path(t), lambda s: None, switches=60)
print(len(b.MEMBERS), {k: (round(v, 2) if isinstance(v, float) else v) for k, v in r.items()})
