"""The lesson pages as data: the notes' seven chapters, every text in Chinese and in English, and
only setups, highlights and tasks the app knows."""
import re

from explorer.lessons import content, driver
from explorer.lessons.tasks import CHECKS

CJK = re.compile(r"[\u4e00-\u9fff]")
SETUP_KEYS = {"sentence", "mode", "tab", "stage", "layer", "head", "decode"}
HIGHLIGHTS = {"stage", "map", "heads", "decoding", "alignment", "ablations", "lab", "sentence", "d_k"}


def test_seven_chapters_in_the_notes_order():
    assert [c.id for c in content.chapters()] == ["attention", "self", "rnn", "mask", "heads", "pe", "model"]
    assert [c.title["zh"][:2] for c in content.chapters()] == ["§一", "§二", "§三", "§四", "§五", "§六", "§七"]


def test_every_text_is_written_in_both_languages():
    ids = content.page_ids()
    assert len(ids) == len(set(ids)) >= 14
    for page in content.pages():
        texts = [page.title, page.text, page.look] + ([page.task["text"]] if page.task else [])
        if isinstance(page.formula, dict):
            texts.append(page.formula)
        for t in texts:
            assert set(t) == {"zh", "en"} and t["zh"] != t["en"], page.id
            assert CJK.search(t["zh"]), (page.id, t["zh"])
            assert not CJK.search(t["en"].replace("他和他的她", "").replace("学", "").replace("生", "")
                                  .replace("他", "").replace("我爱你", "").replace("你爱我", "")), (page.id, t["en"])


def test_setups_highlights_and_tasks_are_ones_the_app_knows():
    for page in content.pages():
        assert set(page.setup) <= SETUP_KEYS, page.id
        assert page.highlight in HIGHLIGHTS, page.id
        tab = page.setup.get("tab", "model")
        assert tab in ("model", "overview") or tab in driver.LAB_TABS, page.id
        if page.task is not None:
            assert page.task["kind"] in CHECKS, page.id
    last = content.chapters()[-1].pages[-1]
    assert last.side_by_side and last.task["kind"] == "teacher_vs_steps"     # §七 ends on teacher forcing
