"""Photographing a flat page as an officer's tablet would: on a desk or a truck bonnet, at an angle, the
paper curled or folded, a shadow across it, soft focus or shake, glare, dim light, JPEG. A quarter are
hard shots.
"""
from __future__ import annotations

import random
from typing import Any

import cv2
import numpy as np
from PIL import Image

PHOTO_SIZES = ((1536, 2048), (1728, 2304), (1944, 2592))
BACKGROUNDS = ((92, 64, 44), (150, 118, 82), (70, 72, 76), (180, 180, 176), (40, 44, 52), (120, 132, 110))


def _corners(rng: random.Random, size: tuple[int, int], aspect: float, fraction: float, hard: bool) -> np.ndarray:
    width, height = size
    page_h = height * fraction
    page_w = page_h / aspect
    if page_w > width * 0.97:
        page_w = width * 0.97
        page_h = page_w * aspect
    cx = width / 2 + rng.uniform(-0.5, 0.5) * (width - page_w) * 0.8
    cy = height / 2 + rng.uniform(-0.5, 0.5) * (height - page_h) * 0.8
    base = np.array([[-page_w / 2, -page_h / 2], [page_w / 2, -page_h / 2],
                     [page_w / 2, page_h / 2], [-page_w / 2, page_h / 2]])
    angle = np.radians(rng.uniform(-9, 9) if hard else rng.uniform(-3.5, 3.5))
    rotation = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    keystone = rng.uniform(0.04, 0.12) if hard else rng.uniform(0.0, 0.05)
    points = base @ rotation.T
    # the far edge of a page shot at an angle comes out narrower
    edge = rng.choice((0, 1, 2, 3))
    shrink = {0: (0, 1), 1: (1, 2), 2: (2, 3), 3: (3, 0)}[edge]
    for i in shrink:
        other = shrink[1 - shrink.index(i)]
        points[i] += (points[other] - points[i]) * keystone / 2
    jitter = page_w * (0.012 if hard else 0.005)
    points += np.array([[rng.uniform(-jitter, jitter), rng.uniform(-jitter, jitter)] for _ in range(4)])
    points += np.array([cx, cy])
    # keep the whole page in the frame: an officer frames the paper
    low, high = points.min(axis=0), points.max(axis=0)
    margin = np.array([width, height]) * 0.015
    scale = min(1.0, *((np.array([width, height]) - 2 * margin) / (high - low)))
    points = (points - (low + high) / 2) * scale + (low + high) / 2
    low, high = points.min(axis=0), points.max(axis=0)
    points += np.maximum(0, margin - low) - np.maximum(0, high - (np.array([width, height]) - margin))
    return points


def _curl(photo: np.ndarray, mask: np.ndarray, corners: np.ndarray, rng: random.Random, amplitude: float
          ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The paper bends: rows wave across the page, columns bow a little. Returns the corners moved too."""
    height, width = photo.shape[:2]
    xs = np.arange(width, dtype=np.float32)
    ys = np.arange(height, dtype=np.float32)
    phase = rng.uniform(0, np.pi)
    bend_y = (amplitude * np.sin(np.pi * xs / width + phase)).astype(np.float32)
    bend_x = (amplitude * 0.4 * np.sin(np.pi * ys / height * rng.uniform(0.5, 1.5))).astype(np.float32)
    map_x = xs[None, :] + bend_x[:, None]
    map_y = ys[:, None] + bend_y[None, :]
    # a pixel at q shows the point q + bend(q): a corner p moves to about p - bend(p)
    moved = np.array([[x - bend_x[min(height - 1, max(0, round(y)))], y - bend_y[min(width - 1, max(0, round(x)))]]
                      for x, y in corners])
    return (cv2.remap(photo, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT),
            cv2.remap(mask, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT), moved)


def _light(shape: tuple[int, int], rng: random.Random, shadow: float, glare: float, dim: float,
           crease: bool) -> np.ndarray:
    """Per-pixel light factor: a soft shadow edge, a glare spot, overall dimness and uneven falloff."""
    height, width = shape
    small_h, small_w = height // 8, width // 8
    yy, xx = np.mgrid[0:small_h, 0:small_w].astype(np.float32)
    light = np.ones((small_h, small_w), np.float32) * dim
    # vignetting: light falls off towards the corners
    falloff = ((xx / small_w - 0.5) ** 2 + (yy / small_h - 0.5) ** 2)
    light *= 1 - rng.uniform(0.1, 0.35) * falloff
    if shadow:
        angle = rng.uniform(0, 2 * np.pi)
        ox, oy = small_w * rng.uniform(0.2, 0.8), small_h * rng.uniform(0.2, 0.8)
        d = (xx - ox) * np.cos(angle) + (yy - oy) * np.sin(angle)
        edge = 1 / (1 + np.exp(-d / (small_w * rng.uniform(0.01, 0.06))))
        light *= 1 - shadow * edge
    if glare:
        gx, gy = rng.uniform(0.15, 0.85) * small_w, rng.uniform(0.15, 0.85) * small_h
        radius = rng.uniform(0.06, 0.18) * small_w
        light += glare * np.exp(-((xx - gx) ** 2 + ((yy - gy) * rng.uniform(0.6, 1.4)) ** 2) / (2 * radius ** 2))
    if crease:
        # a fold across the paper: one half a shade darker, a soft dark line along the fold
        angle = rng.uniform(-0.08, 0.08)
        d = (yy - small_h * rng.uniform(0.3, 0.7)) * np.cos(angle) - (xx - small_w / 2) * np.sin(angle)
        light *= 1 - rng.uniform(0.02, 0.08) * (d > 0) - rng.uniform(0.08, 0.2) * np.exp(-(d / 1.2) ** 2)
    return cv2.resize(light, (width, height), interpolation=cv2.INTER_LINEAR)


def photograph(page: Image.Image, rng: random.Random) -> tuple[Image.Image, dict[str, Any]]:
    """The page as photographed, and the photo's parameters (including the page corners in the photo).

    The light is computed once on one channel and applied to each colour channel, so that a 5-megapixel
    photo takes well under a second.
    """
    hard = rng.random() < 0.25
    size = rng.choice(PHOTO_SIZES)
    fraction = rng.uniform(0.72, 0.95)
    corners = _corners(rng, size, page.height / page.width, fraction, hard)
    colour = np.asarray(page.convert("RGB"))
    source = np.array([[0, 0], [page.width, 0], [page.width, page.height], [0, page.height]], np.float32)
    matrix = cv2.getPerspectiveTransform(source, corners.astype(np.float32))
    warped = cv2.warpPerspective(colour, matrix, size, flags=cv2.INTER_LINEAR)
    mask = cv2.warpPerspective(np.full(colour.shape[:2], 255, np.uint8), matrix, size, flags=cv2.INTER_LINEAR)

    curl = rng.uniform(8, 40) if hard else rng.uniform(0, 14)
    if curl > 2:
        warped, mask, corners = _curl(warped, mask, corners, rng, curl * size[0] / 2048)
    blur_kind = rng.choice(("gauss", "gauss", "motion", "none")) if not hard else rng.choice(("gauss", "motion"))
    blur_strength = rng.uniform(1.2, 2.6) if hard else rng.uniform(0.3, 1.1)
    if blur_kind == "gauss":
        sigma = blur_strength * size[0] / 2048
        warped, mask = (cv2.GaussianBlur(a, (0, 0), sigma) for a in (warped, mask))
    elif blur_kind == "motion":
        length = max(2, round(blur_strength * 3 * size[0] / 2048))
        kernel = np.zeros((length, length), np.float32)
        kernel[length // 2, :] = 1
        rotation = cv2.getRotationMatrix2D((length / 2 - 0.5, length / 2 - 0.5), rng.uniform(0, 180), 1)
        kernel = np.asarray(cv2.warpAffine(kernel, rotation, (length, length)), np.float32)
        kernel /= max(float(kernel.sum()), 1e-6)
        warped, mask = (cv2.filter2D(a, -1, kernel) for a in (warped, mask))

    shadow = rng.uniform(0.2, 0.55) if rng.random() < (0.6 if hard else 0.35) else 0.0
    glare = rng.uniform(0.3, 0.9) if rng.random() < (0.4 if hard else 0.12) else 0.0
    dim = rng.uniform(0.35, 0.6) if hard and rng.random() < 0.5 else rng.uniform(0.75, 1.05)
    crease = rng.random() < 0.25
    light = _light((size[1], size[0]), rng, shadow, glare, dim, crease)
    paper = np.array([rng.uniform(236, 255), rng.uniform(234, 252), rng.uniform(222, 246)], np.float32) / 255
    desk = np.array(rng.choice(BACKGROUNDS), np.float32) + np.float32(rng.uniform(-12, 12))
    cast = np.array([rng.uniform(0.9, 1.05), 1.0, rng.uniform(0.88, 1.08)], np.float32)
    noise = rng.uniform(4, 12) if hard or dim < 0.7 else rng.uniform(1, 5)
    grain = np.empty((size[1], size[0]), np.float32)
    cv2.setRNGSeed(rng.getrandbits(31))
    cv2.randn(grain, np.array([0.0]), np.array([noise]))

    on_page = mask.astype(np.float32) * (1 / 255)
    lit = cv2.multiply(on_page, light)
    lit_desk = cv2.multiply(1 - on_page, light)
    pixels = cv2.merge([
        cv2.add(cv2.addWeighted(cv2.multiply(warped[..., c].astype(np.float32), lit), float(paper[c] * cast[c]),
                                lit_desk, float(desk[c] * cast[c]), 0), grain, dtype=cv2.CV_8U)
        for c in range(3)
    ])
    quality = rng.randint(35, 65) if hard else rng.randint(60, 92)
    ok, encoded = cv2.imencode(".jpg", pixels[..., ::-1], [cv2.IMWRITE_JPEG_QUALITY, quality])
    assert ok, "OpenCV could not encode a JPEG"
    decoded = cv2.imdecode(encoded, cv2.IMREAD_COLOR)
    assert decoded is not None, "OpenCV could not decode its own JPEG"
    pixels = cv2.cvtColor(decoded, cv2.COLOR_BGR2RGB)
    params = {
        "hard": hard, "photo_size": list(size), "page_fraction": round(fraction, 3),
        "page_corners_in_photo": [[round(float(x), 1), round(float(y), 1)] for x, y in corners],
        "curl_px": round(curl, 1), "shadow": round(shadow, 2), "glare": round(glare, 2), "light": round(dim, 2),
        "crease": crease,
        "blur": f"{blur_kind}{blur_strength:.2f}" if blur_kind != "none" else "none",
        "noise_sigma": round(noise, 2), "jpeg_quality": quality,
        "effective_dpi": round(float(np.linalg.norm(corners[3] - corners[0])) / (297 / 25.4), 1),
    }
    return Image.fromarray(pixels), params
