"""`{% url %}` as Django's, through core.reversing.fast_reverse (set as a builtin in
settings.TEMPLATES, so every template gets it without a {% load %}).

Django's tag also passes the current namespace as `current_app`; it only picks between
several instances of one app's URLs, and every app here is included once, under its own
namespace.
"""

from django import template
from django.template import defaulttags
from django.urls import NoReverseMatch
from django.utils.html import conditional_escape

from apps.core.reversing import fast_reverse

register = template.Library()


class FastURLNode(defaulttags.URLNode):
    def render(self, context):
        args = [arg.resolve(context) for arg in self.args]
        kwargs = {key: value.resolve(context) for key, value in self.kwargs.items()}
        url = ""
        try:
            url = fast_reverse(self.view_name.resolve(context), args=args, kwargs=kwargs)
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser, token):
    node = defaulttags.url(parser, token)
    return FastURLNode(node.view_name, node.args, node.kwargs, node.asvar)
