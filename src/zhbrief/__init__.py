"""zhbrief: comparative side-by-side Chinese/English briefings from Chinese news.

Stages (one module each): load -> normalize -> summarize -> translate -> compare -> render;
pipeline.build() runs them in order. Stage modules import heavy libraries (jieba, ctranslate2)
only on first use, so importing zhbrief stays cheap.
"""

__version__ = "0.1.0"

# The functions are bound after their modules, so `zhbrief.load` is the stage function.
from .load import load  # noqa: E402
from .normalize import normalize  # noqa: E402
from .summarize import summarize  # noqa: E402
from .translate import translate_texts as translate  # noqa: E402
from .compare import compare  # noqa: E402
from .render import render_briefing as render  # noqa: E402
from .pipeline import build  # noqa: E402

__all__ = ["load", "normalize", "summarize", "translate", "compare", "render", "build", "__version__"]
