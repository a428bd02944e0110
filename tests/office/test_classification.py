import logging

import pytest
from django.core.exceptions import ValidationError

from office.classification import find_classified_mark, refuse_classified


@pytest.mark.parametrize("text", ["秘密★1年", "机密★", "关于某事的通知（绝密 ★）", "秘密*"])
def test_classification_marks_are_found(text):
    assert find_classified_mark(text)


@pytest.mark.parametrize("text", ["保密工作会议纪要", "秘密工作的宣传", "机要室", ""])
def test_ordinary_words_about_secrecy_are_not_marks(text):
    assert find_classified_mark(text) is None


def test_refusal_names_the_field_and_is_written_to_the_audit_log(caplog):
    with caplog.at_level(logging.WARNING, logger="office.audit"):
        with pytest.raises(ValidationError) as refused:
            refuse_classified(actor="staff", where="test", title="普通标题", text="秘密★1年 内容")

    assert "text" in refused.value.message_dict
    assert "秘密★" in refused.value.message_dict["text"][0]
    assert "user=staff" in caplog.text and "field=text" in caplog.text
