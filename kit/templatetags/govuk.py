"""{% load govuk %}: the filters the GOV.UK form includes use (see kit/forms.py)."""

from django import template

from kit import forms
from kit.text import mid_sentence

register = template.Library()

register.filter("govuk_component", forms.govuk_component)
register.filter("govuk_described_by", forms.described_by)
register.filter("govuk_date_parts", forms.date_parts)
register.filter("govuk_error_summary_items", forms.error_summary_items)
# The field's own input, textarea, select or checkbox, with GOV.UK classes (already safe HTML).
register.filter("govuk_control", forms.render_control)
# A label in running text: first letter lowered unless it starts with an acronym (kit/text.py).
register.filter("mid_sentence", mid_sentence)


@register.filter
def with_columns(cells, columns):
    """Each cell with its column's heading, for a table's data-label (`mosovo-table--stacked`):
    {% for column, cell in row.cells|with_columns:columns %}."""
    return list(zip(columns, cells, strict=False))
