"""The portal's screenshot sizes, and the check every screenshot makes first: nothing wider than the screen
(no sideways scrolling), whatever the language. Screenshots land in docs/screenshots/."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


def fits_and_shoot(page: Page, filename: str) -> None:
    """Assert the page is no wider than its viewport, then save a full-page screenshot as `filename`.png."""
    viewport = page.viewport_size
    assert viewport is not None
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= viewport["width"], f"{filename} is {width}px wide at {viewport['width']}px"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{filename}.png"), full_page=True)
