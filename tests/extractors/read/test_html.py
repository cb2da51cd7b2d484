import pytest

from extractors.errors import EmptyDocumentError
from extractors.read.html import read_article

ARTICLE = b"""<!doctype html><html><head><title>Council backs harbour plan</title>
<meta property="article:published_time" content="2021-06-14T09:00:00Z"></head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a> | Subscribe now</nav>
<article><h1>Council backs harbour plan</h1>
<p>Mayor Helen Brandt said on Monday that the Harbourview Economic Development Agency would fund the
new terminal in Halifax, Nova Scotia, after months of debate among councillors.</p>
<p>The agency's director, Priya Raman, told reporters the deal was signed on Nov. 21, 2019 and revised in May 2016.</p>
</article><footer>Copyright Example Press. All rights reserved. Privacy policy.</footer></body></html>"""


def test_main_text_title_and_date():
    article = read_article(ARTICLE)
    assert article.title == "Council backs harbour plan"
    assert article.published == "2021-06-14"
    assert "Priya Raman" in article.text
    assert article.text.startswith("Council backs harbour plan")
    assert "Subscribe now" not in article.text  # navigation boilerplate dropped
    assert "Privacy policy" not in article.text


def test_html_without_text():
    with pytest.raises(EmptyDocumentError):
        read_article(b"<html><body><script>var x = 1;</script></body></html>")
