from django.template import engines


def render(source, **context):
    return engines["django"].from_string("{% load options %}" + source).render(context)


def test_options_marks_the_selected_value_compared_as_text_and_escapes():
    html = render(
        "{% options choices selected %}",
        choices=[("", "All"), (7, "A & B"), (12, "<C>")],
        selected="7",
    )
    assert html == (
        '<option value="">All</option><option value="7" selected>A &amp; B</option>'
        '<option value="12">&lt;C&gt;</option>'
    )


def test_options_from_objects_with_an_empty_choice():
    class Item:
        def __init__(self, pk, label):
            self.pk, self.label = pk, label

    html = render(
        '{% options items "" value="pk" label="label" empty="Category…" %}',
        items=[Item(1, "Tools")],
    )
    assert html == '<option value="">Category…</option><option value="1">Tools</option>'


def test_nothing_selected_when_the_value_is_empty():
    assert "selected" not in render("{% options choices None %}", choices=[("", "All"), (1, "One")])
