"""The Timeline dock on the demo case: the three claims and six documents, zoom, filters, clicks and figures."""

from __future__ import annotations

from itertools import pairwise

import pymupdf
import pytest

from casebook.core.timeline import _STEPS
from casebook.services.demo_claims import DEMO_CLAIMS


@pytest.fixture
def timeline(qtbot, driver, demo_case):
    win = driver.win
    panel = win.timeline_panel
    with qtbot.waitSignal(panel.canvas.viewChanged, timeout=10_000):
        driver.open_case(demo_case)
    qtbot.waitUntil(lambda: len(panel.data.items) == 9, timeout=10_000)
    win.timeline_dock.show()
    win.timeline_dock.raise_()
    qtbot.waitUntil(lambda: panel.canvas.isVisible() and panel.canvas.width() > 200, timeout=5_000)
    return panel


def _placed(panel, kind: str):
    return [p for p in panel.canvas.layout_now().placed if p.item.kind == kind]


def test_timeline_shows_the_demo_claims_and_documents(timeline):
    canvas = timeline.canvas
    win = timeline.window()
    toggle = win.timeline_dock.toggleViewAction()
    assert toggle in win.view_menu.actions() and toggle.shortcut().toString() == "Ctrl+Shift+T"
    assert len(_placed(timeline, "claim")) == 3
    assert len(_placed(timeline, "document")) == 6
    assert "3 claims, 6 documents" in timeline.summary.text()
    ranges = [p for p in _placed(timeline, "claim") if p.item.is_range]
    assert len(ranges) == 2 and all(p.x1 > p.x0 + 5 for p in ranges)  # "June 2025" and the June–Nov. range
    for band in ("claims", "documents"):  # labels in one lane never overlap
        lanes: dict[int, list] = {}
        for p in canvas.layout_now().placed:
            if p.item.band == band:
                lanes.setdefault(p.lane, []).append(p)
        for members in lanes.values():
            members.sort(key=lambda p: p.left)
            assert all(a.right <= b.left for a, b in pairwise(members))
    image = canvas.grab().toImage()
    bar = ranges[1]
    colour = image.pixelColor(int((bar.x0 + bar.x1) / 2), int(bar.mark_y))
    assert colour.green() > colour.red() + 40 and colour.green() > colour.blue() + 40  # undisputed: green


def test_zoom_around_the_cursor_keeps_the_day_under_it(qtbot, timeline):
    canvas = timeline.canvas
    before = canvas.axis
    x = canvas.width() * 0.3
    day = before.day_at(x)
    canvas.zoom_by(2.0, x)
    assert canvas.axis.per_unit == pytest.approx(before.per_unit / 2)
    assert canvas.axis.day_at(x) == pytest.approx(day)
    qtbot.keyClick(canvas, "0")
    assert canvas.axis.per_unit == pytest.approx(before.per_unit, rel=0.05)
    def step() -> int:
        scale = canvas.layout_now().scale
        return _STEPS.index((scale.unit, scale.step))

    outward = [step()]
    for _ in range(16):
        qtbot.keyClick(canvas, "-")
        outward.append(step())
    assert outward == sorted(outward) and _STEPS[outward[-1]][0] == "year"  # coarser ticks as one zooms out
    qtbot.keyClick(canvas, "0")
    for _ in range(14):
        qtbot.keyClick(canvas, "+")
    assert _STEPS[step()] == ("day", 1)  # every day labelled when zoomed in


def test_clicking_opens_the_document_or_selects_the_claim(qtbot, timeline):
    win = timeline.window()
    declaration = next(p for p in _placed(timeline, "document") if "Declaration" in p.item.label)
    with qtbot.waitSignal(win.documentOpened, timeout=10_000) as opened:
        timeline.canvas.activate_at(declaration.x0, declaration.mark_y)
    assert opened.args == [declaration.item.ident]
    claim = _placed(timeline, "claim")[0]
    timeline.canvas.activate_at(claim.label_x + 2, claim.label_y - 2)
    assert win.claims_board.current_claim_id() == claim.item.ident


def test_filter_by_issue_keeps_its_claims_and_their_documents(qtbot, timeline):
    box = timeline.issue_box
    remedy = next(i for i in range(box.count()) if box.itemText(i).endswith("Remedy"))
    box.setCurrentIndex(remedy)
    qtbot.waitUntil(lambda: len(timeline.data.claims) == 1, timeout=10_000)
    assert timeline.data.claims[0].start.isoformat() == "2026-01-23"
    assert {d.label for d in timeline.data.documents} >= {"Declaration of Dottie Romo"}
    box.setCurrentIndex(0)
    qtbot.waitUntil(lambda: len(timeline.data.items) == 9, timeout=10_000)


def test_exports_a_png_and_a_pdf_figure_with_the_claims(tmp_path, timeline):
    png = timeline.export(tmp_path / "timeline.png")
    assert png.stat().st_size > 10_000
    pdf = timeline.export(tmp_path / "timeline.pdf")
    with pymupdf.open(pdf) as doc:
        text = " ".join(" ".join(page.get_text() for page in doc).split())
    for claim in DEMO_CLAIMS:
        assert " ".join(claim.statement.split()) in text
    assert "Declaration of Dottie Romo" in text
