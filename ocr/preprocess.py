"""From a camera photo to a page tesseract reads well: each stage is one function, and each runs only when
the photo needs it, because a flat scan that is warped or binarised reads worse than the scan itself."""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

# Tesseract reads best when lower-case letters are roughly 20 px tall; text far from that is rescaled.
TEXT_HEIGHT = 18
MAX_PAGE_SIDE = 2800
# Letters are told from paper within blocks of this many pixels, by at least this many grey levels.
LETTER_BLOCK = 41
LETTER_CONTRAST = 20
# A rule is at least this many letter heights long.
RULE_LETTERS = 4
# Below this share of the photo the page is surrounded by background worth cutting away.
PAGE_MAX_SHARE = 0.97
BLOB_MAX_SHARE = 0.92
# Four corners that leave out more than this share of an outline cut a corner off the sheet.
QUAD_MIN_COVER = 0.97
PAGE_MIN_SHARE = 0.25
# Pages are looked for on a copy this many pixels on its long side: enough for corners within 0.5 %.
PAGE_FIND_SIDE = 600
# Slope of log brightness (Sobel units) at a sheet's edge; a shadow's soft edge stays well below it.
PAGE_EDGE = 0.4
# How far across a side (pixels of the small copy) its steepest slope is looked for.
EDGE_SEARCH = 3
# Share of the sheet's long side cut off each edge of the flattened page.
PAGE_TRIM = 0.005
# A quad whose weakest side runs along the sheet's edge for less than this share is not its outline.
PAGE_MIN_SUPPORT = 0.28
# The paper is looked at this many pixels (of the small copy) either side of an edge, and is brighter
# inside than the desk outside by at least this log step (10 %).
SHEET_REACH = 3
SHEET_STEP = 0.1
# Photos lit unevenly have a background whose brightness spreads far more than a scan's.
UNEVEN_LIGHT_SPREAD = 18.0
# Smallest cell, as a share of the page, that counts as a form box rather than a gap between rules.
CELL_MIN_SHARE = 0.0005


@dataclass(frozen=True)
class Page:
    image: np.ndarray
    """Grey (or binary) page, upright, ready for the engine."""
    steps: tuple[str, ...]
    """The stages that changed the photo, in order, for diagnostics and the benchmark."""
    to_photo: np.ndarray
    """3×3 homography from page pixels back to photo pixels, so boxes can be shown on the photo."""

    def box_in_photo(self, box: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
        x, y, w, h = box
        corners = np.array([[[x, y], [x + w, y], [x + w, y + h], [x, y + h]]], dtype=np.float64)
        mapped = cv2.perspectiveTransform(corners, self.to_photo)[0]
        x0, y0 = np.floor(mapped.min(axis=0)).astype(int)
        x1, y1 = np.ceil(mapped.max(axis=0)).astype(int)
        return (int(x0), int(y0), int(x1 - x0), int(y1 - y0))

    def turned(self, degrees: int) -> Page:
        """The page turned counter-clockwise by a multiple of 90 degrees, boxes still mapping to the photo."""
        image = rotate(self.image, degrees)
        h, w = self.image.shape[:2]
        # Where a pixel of the turned image was in the unturned one.
        back = {90: [[0, -1, w - 1], [1, 0, 0], [0, 0, 1]], 180: [[-1, 0, w - 1], [0, -1, h - 1], [0, 0, 1]],
                270: [[0, 1, 0], [-1, 0, h - 1], [0, 0, 1]]}[degrees]
        return Page(image, (*self.steps, f"turn{degrees}"), self.to_photo @ np.array(back, dtype=np.float64))


@dataclass(frozen=True)
class Cell:
    box: tuple[int, int, int, int]
    """x, y, width, height of a ruled box in the page image."""


def prepare(image: np.ndarray) -> Page:
    """The capture pipeline: find the page → flatten it (or deskew a scan) → even the light → normalise resolution."""
    grey = to_grey(image)
    steps: list[str] = []
    to_photo = np.eye(3)
    corners = find_page(grey)
    if corners is not None:
        grey, warp = flatten(grey, corners)
        to_photo = to_photo @ np.linalg.inv(warp)
        steps.append("flatten")
    else:
        angle = skew_angle(grey)
        if abs(angle) > 0.3:
            grey, turn = rotate_affine(grey, angle)
            to_photo = to_photo @ np.linalg.inv(turn)
            steps.append("deskew")
    # Measured on the corpus: evening the light halves tesseract's errors on photos, while binarising
    # the evened page (with or without a median filter) doubles them again, so the engine gets grey.
    # The light is evened before the letters are measured: in a shadow or a dim photo's grain they measured
    # half their height, and noisy pages were enlarged to twice the pixels for nothing (seeds 0-19).
    if background_spread(grey) > UNEVEN_LIGHT_SPREAD:
        grey = even_light(grey)
        steps.append("even_light")
    ratio = resolution_ratio(grey)
    if ratio != 1.0:
        interpolation = cv2.INTER_AREA if ratio < 1 else cv2.INTER_CUBIC
        grey = cv2.resize(grey, None, fx=ratio, fy=ratio, interpolation=interpolation)
        to_photo = to_photo @ np.diag([1 / ratio, 1 / ratio, 1.0])
        steps.append("rescale")
    return Page(grey, tuple(steps), to_photo)


def to_grey(image: np.ndarray) -> np.ndarray:
    if image.ndim == 2:
        return image
    if image.shape[2] == 4:
        return cv2.cvtColor(image, cv2.COLOR_BGRA2GRAY)
    return cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)


def find_page(grey: np.ndarray) -> np.ndarray | None:
    """Corners (tl, tr, br, bl) of a paper sheet lying on a background, or None for a scan.

    Candidates come from the sheet's edges and from the brightest blob; the one whose four sides run
    along edges wins. Edges are taken in log brightness: a shadow across the photo darkens paper and
    desk alike, so their edge keeps its contrast there, where one global threshold cuts the sheet in two.
    """
    scale = PAGE_FIND_SIDE / max(grey.shape)
    small = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    log = np.log1p(cv2.GaussianBlur(small.astype(np.float32), (0, 0), 1.2))
    slope = np.hypot(cv2.Sobel(log, cv2.CV_32F, 1, 0), cv2.Sobel(log, cv2.CV_32F, 0, 1))
    edges = cv2.morphologyEx((slope > PAGE_EDGE).astype(np.uint8), cv2.MORPH_CLOSE, np.ones((5, 5), np.uint8))
    contours, _ = cv2.findContours(edges, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    # Specks of the desk's grain are not the sheet's edges or print.
    long = [c for c in contours if cv2.arcLength(c, False) > 0.05 * PAGE_FIND_SIDE]
    hulls = []
    if long:
        hulls.append(cv2.convexHull(max(long, key=lambda c: cv2.contourArea(cv2.convexHull(c)))))
        # A sheet's edge against a desk of nearly its tone breaks into pieces: all of them together.
        hulls.append(cv2.convexHull(np.vstack(long)))
    _, bright = cv2.threshold(cv2.GaussianBlur(small, (5, 5), 0), 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    # Closing fills the printed text so the sheet is one solid blob.
    bright = cv2.morphologyEx(bright, cv2.MORPH_CLOSE, np.ones((15, 15), np.uint8))
    blobs, _ = cv2.findContours(bright, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    blob = cv2.convexHull(max(blobs, key=cv2.contourArea)) if blobs else None
    if blob is not None:
        hulls.append(blob)
    area = small.shape[0] * small.shape[1]
    quads = [quad_of(h) for h in hulls if PAGE_MIN_SHARE <= cv2.contourArea(h) / area <= PAGE_MAX_SHARE]
    near = cv2.dilate(edges, np.ones((5, 5), np.uint8))
    scores = [sheet_support(q, near, log) for q in quads]
    if scores and max(scores) >= PAGE_MIN_SUPPORT:
        return order_corners(onto_edges(quads[int(np.argmax(scores))], slope) / scale)
    # No outline runs along the sheet's edges (a patterned desk, a strong curl): a bright blob clearly
    # smaller than the photo is still the sheet; a scan fills its image.
    if blob is not None and PAGE_MIN_SHARE <= cv2.contourArea(blob) / area <= BLOB_MAX_SHARE:
        return order_corners(quad_of(blob) / scale)
    return None


def onto_edges(quad: np.ndarray, slope: np.ndarray) -> np.ndarray:
    """The quad with each side moved across itself onto the steepest slope near it: an outline of bands
    of steep slope lies outside the sheet by half a band, which leaves a stripe of desk on the page."""
    h, w = slope.shape
    steps = np.linspace(0.1, 0.9, 30)[:, None]
    shifts = np.arange(-EDGE_SEARCH, EDGE_SEARCH + 1)
    lines = []
    for a, b, normal in sides(quad):
        points = a + (b - a) * steps
        probes = np.round(points[:, None, :] + shifts[None, :, None] * normal).astype(int)
        xs, ys = probes[..., 0].clip(0, w - 1), probes[..., 1].clip(0, h - 1)
        moved = float(np.median(shifts[np.argmax(slope[ys, xs], axis=1)]))
        lines.append((a + moved * normal, b - a))
    corners = []
    for (p, d), (q, e) in zip(np.roll(np.array(lines, dtype=object), 1, axis=0), lines):
        # Where the previous side's line meets this one's: p + t·d = q + u·e.
        matrix = np.array([d, -e], dtype=np.float64).T
        if abs(np.linalg.det(matrix)) < 1e-6:
            return quad
        t = np.linalg.solve(matrix, np.asarray(q - p, dtype=np.float64))[0]
        corners.append(p + t * d)
    return np.array(corners, dtype=np.float32)


def sides(quad: np.ndarray) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Each side of the quad as (start, end, unit normal pointing into the quad)."""
    centre = quad.mean(axis=0)
    found = []
    for a, b in zip(quad, np.roll(quad, -1, axis=0)):
        normal = np.array([a[1] - b[1], b[0] - a[0]], dtype=np.float32)
        normal /= max(float(np.linalg.norm(normal)), 1e-6)
        found.append((a, b, normal if np.dot(centre - a, normal) >= 0 else -normal))
    return found

def quad_of(hull: np.ndarray) -> np.ndarray:
    """Four corners of a convex outline: its polygon simplified until four vertices remain, while they
    still hold nearly all of it; else the smallest rectangle around it."""
    perimeter, area = cv2.arcLength(hull, True), cv2.contourArea(hull)
    for tolerance in (0.02, 0.03, 0.05):
        quad = cv2.approxPolyDP(hull, tolerance * perimeter, True)
        if len(quad) < 4 or cv2.contourArea(quad) < QUAD_MIN_COVER * area:
            break
        if len(quad) == 4:
            return quad.reshape(-1, 2).astype(np.float32)
    return cv2.boxPoints(cv2.minAreaRect(hull)).astype(np.float32)


def sheet_support(quad: np.ndarray, edges: np.ndarray, log: np.ndarray) -> float:
    """Share of its least supported side that runs along an edge with brighter paper inside than outside:
    near 1.0 for a quad drawn on a sheet's outline, low for one drawn round the print of a scan (white
    outside) or through a patterned desk."""
    h, w = edges.shape
    steps = np.linspace(0.05, 0.95, 40)[:, None]
    shares = []
    for a, b, normal in sides(quad):
        points = a + (b - a) * steps
        inside = np.round(points + SHEET_REACH * normal).astype(int)
        outside = np.round(points - SHEET_REACH * normal).astype(int)
        on = np.round(points).astype(int)
        seen = ((outside[:, 0] >= 0) & (outside[:, 0] < w) & (outside[:, 1] >= 0) & (outside[:, 1] < h)
                & (inside[:, 0] >= 0) & (inside[:, 0] < w) & (inside[:, 1] >= 0) & (inside[:, 1] < h))
        # A side off the photo is no sheet's edge: the officer frames the whole paper.
        if seen.mean() < 0.5:
            return 0.0
        on, inside, outside = on[seen], inside[seen], outside[seen]
        step = log[inside[:, 1], inside[:, 0]] - log[outside[:, 1], outside[:, 0]] > SHEET_STEP
        shares.append(float((edges[on[:, 1], on[:, 0]].astype(bool) & step).sum()) / len(steps))
    return min(shares)


def order_corners(points: np.ndarray) -> np.ndarray:
    sums = points.sum(axis=1)
    diffs = np.diff(points, axis=1).ravel()
    return np.array([points[np.argmin(sums)], points[np.argmin(diffs)],
                     points[np.argmax(sums)], points[np.argmax(diffs)]], dtype=np.float32)


def flatten(grey: np.ndarray, corners: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Perspective-warp the sheet to a rectangle (and the homography used); this also removes rotation."""
    tl, tr, br, bl = corners
    width = int(max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl)))
    height = int(max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr)))
    # The sheet's very edge, blurred into the desk, is cut off: nothing is printed that close to it.
    m = round(PAGE_TRIM * max(width, height))
    target = np.array([[-m, -m], [width - 1 - m, -m], [width - 1 - m, height - 1 - m], [-m, height - 1 - m]],
                      dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(corners, target)
    return cv2.warpPerspective(grey, matrix, (width - 2 * m, height - 2 * m), flags=cv2.INTER_LINEAR,
                               borderMode=cv2.BORDER_REPLICATE), matrix


def skew_angle(grey: np.ndarray) -> float:
    """Degrees of the text lines from horizontal, found from the ink's minimum-area rectangle per line."""
    scale = min(1.0, 1000 / max(grey.shape))
    small = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    ink = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)[1]
    # Smearing letters sideways turns each text line into one long blob whose angle is the skew.
    smeared = cv2.dilate(ink, np.ones((1, 25), np.uint8))
    contours, _ = cv2.findContours(smeared, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    angles = []
    for contour in contours:
        (_, _), (w, h), angle = cv2.minAreaRect(contour)
        if max(w, h) < 100 or min(w, h) == 0 or max(w, h) / min(w, h) < 5:
            continue
        if w < h:
            angle -= 90
        if abs(angle) < 15:
            angles.append(angle)
    return float(np.median(angles)) if len(angles) >= 3 else 0.0


def rotate(grey: np.ndarray, degrees: int) -> np.ndarray:
    """Turn counter-clockwise by a multiple of 90 degrees."""
    turns = {90: cv2.ROTATE_90_COUNTERCLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_CLOCKWISE}
    return cv2.rotate(grey, turns[degrees % 360]) if degrees % 360 else grey


def rotate_affine(grey: np.ndarray, degrees: float) -> tuple[np.ndarray, np.ndarray]:
    """Turn counter-clockwise by a small angle about the centre; returns the image and its 3×3 matrix."""
    h, w = grey.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    turned = cv2.warpAffine(grey, matrix, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    return turned, np.vstack([matrix, [0, 0, 1]])


def text_height(grey: np.ndarray) -> float:
    """Median height of letter-sized blobs of ink, in pixels (0 when there is no text)."""
    # A local threshold of a smoothed copy: one global threshold takes a shadowed half of the page for
    # ink, and a dim photo's grain for letters, which once had noisy pages enlarged twofold.
    ink = cv2.adaptiveThreshold(cv2.GaussianBlur(grey, (0, 0), 1.0), 255, cv2.ADAPTIVE_THRESH_MEAN_C,
                                cv2.THRESH_BINARY_INV, LETTER_BLOCK, LETTER_CONTRAST)
    count, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    heights = stats[1:, cv2.CC_STAT_HEIGHT]
    widths = stats[1:, cv2.CC_STAT_WIDTH]
    # Specks, rules and pictures are not letters.
    letters = heights[(heights >= 6) & (heights <= 120) & (widths <= 2 * heights) & (widths >= 2)]
    return float(np.median(letters)) if len(letters) >= 20 else 0.0


def resolution_ratio(grey: np.ndarray) -> float:
    """Scale that brings letters to about TEXT_HEIGHT, or caps a huge page; 1.0 when already close."""
    height = text_height(grey)
    ratio = min(3.0, max(0.35, TEXT_HEIGHT / height)) if height else 1.0
    if 0.75 <= ratio <= 1.5:
        ratio = 1.0
    # Tesseract's time grows with pixels: a page beyond this size costs seconds and reads no better.
    return min(ratio, MAX_PAGE_SIDE / max(grey.shape))


def background_spread(grey: np.ndarray) -> float:
    """How unevenly the paper is lit: the spread of a heavily blurred copy, in grey levels."""
    small = cv2.resize(grey, (64, 64), interpolation=cv2.INTER_AREA)
    background = cv2.morphologyEx(small, cv2.MORPH_CLOSE, np.ones((7, 7), np.uint8))
    low, high = np.percentile(background, [5, 95])
    return float(high - low)


def even_light(grey: np.ndarray) -> np.ndarray:
    """Divide by the paper's own brightness so shadows and glare become plain white."""
    background = cv2.morphologyEx(grey, cv2.MORPH_CLOSE, np.ones((31, 31), np.uint8))
    background = cv2.GaussianBlur(background, (0, 0), 15)
    return cv2.divide(grey, background, scale=255)


def binarise(grey: np.ndarray) -> np.ndarray:
    """Black ink on white by Otsu's threshold: for finding letters and rules, not for the engine."""
    return cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)[1]


def find_rules(page: np.ndarray) -> np.ndarray:
    """Mask of a form's ruled lines: long thin strokes only, so text never counts as a rule."""
    # A local threshold keeps faint rules in the lighter half of a photo that one global threshold loses.
    ink = cv2.adaptiveThreshold(page, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31, 12)
    h, w = ink.shape
    # A rule is far longer than any stroke of a letter, however short the page.
    letter = RULE_LETTERS * (text_height(page) or TEXT_HEIGHT)
    across, down = int(max(w // 20, letter)), int(max(h // 35, letter))
    horizontal = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (across, 1)))
    vertical = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, down)))
    # A photographed rule is slightly bent and blurred, so opening leaves it in pieces; lengthening each
    # piece along its own direction joins them again and closes the corners of the boxes.
    horizontal = cv2.dilate(horizontal, cv2.getStructuringElement(cv2.MORPH_RECT, (across * 2 // 3, 1)))
    vertical = cv2.dilate(vertical, cv2.getStructuringElement(cv2.MORPH_RECT, (1, down * 2 // 3)))
    return cv2.dilate(cv2.bitwise_or(horizontal, vertical), np.ones((5, 5), np.uint8))


# Pixels around a rule looked at for the paper's tone: wider than a rule, narrower than a line of text.
RULE_PAPER_REACH = 15


def erase_rules(page: np.ndarray, rules: np.ndarray) -> np.ndarray:
    """The page with its rules painted in the paper's tone around them: tesseract drops text hemmed in by
    table borders, and white stripes across a dim grey page made it read nothing at all."""
    if not rules.any():
        return page
    paper = cv2.dilate(page, cv2.getStructuringElement(cv2.MORPH_RECT, (RULE_PAPER_REACH, RULE_PAPER_REACH)))
    return np.where(rules > 0, paper, page).astype(page.dtype)


def find_cells(rules: np.ndarray) -> list[Cell]:
    """Ruled boxes of a form (Form E boxes 1–13 and the item table), largest first."""
    h, w = rules.shape
    contours, _ = cv2.findContours(255 - rules, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
    cells = []
    for contour in contours:
        x, y, cw, ch = cv2.boundingRect(contour)
        if cw * ch < CELL_MIN_SHARE * w * h or cw * ch > 0.6 * w * h or cw < 24 or ch < 24:
            continue
        cells.append(Cell((x, y, cw, ch)))
    return sorted(cells, key=lambda c: -c.box[2] * c.box[3])
