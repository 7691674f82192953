"""PP-OCR's text detection finding the lines, tesseract (vie+eng, keeping the diacritics) reading them."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np

from . import paddle
from .engine import Tesseract, Word
from .strip import stack

# Detection boxes already reach past the ink above and below (further would bring in halves of the
# neighbouring lines); to the sides tesseract wants a little more white.
REACH_X = 0.3


class DetectedLines:
    """Engine whose lines are PP-OCR's, stacked into two strips read in parallel, one per core."""

    def __init__(self) -> None:
        self.tesseract = Tesseract(processes=1)

    def words(self, image: np.ndarray, languages: tuple[str, ...], psm: int = 3) -> list[Word]:
        if psm != 3:
            # A strip of lines already: nothing to detect.
            return self.tesseract.words(image, languages, psm)
        boxes = paddle.detect(image)
        middle = len(boxes) // 2
        with ThreadPoolExecutor(max_workers=2) as pool:
            top = pool.submit(self._read, image, boxes[:middle], 0, languages)
            bottom = pool.submit(self._read, image, boxes[middle:], middle, languages)
            return top.result() + bottom.result()

    def _read(self, image: np.ndarray, boxes: list[tuple[int, int, int, int]], first: int,
              languages: tuple[str, ...]) -> list[Word]:
        """The words of the boxes, each line numbered by its box."""
        if not boxes:
            return []
        strip = stack(boxes, image, REACH_X, 0)
        # psm 6: the strip is one uniform block of lines, in the order they were stacked.
        words = self.tesseract.words(strip.image, languages, psm=6)
        return [strip.on_page(w, (first + crop, 0, 0)) for w in words if (crop := strip.crop_of(w)) is not None]

    def rotation(self, image: np.ndarray) -> int:
        return self.tesseract.rotation(image)
