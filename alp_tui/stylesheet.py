"""The app's stylesheet: Textual's, with the parsed rules kept for the life of the process.

Textual parses every CSS source again for each new stylesheet, and makes a new one whenever
a screen brings CSS of its own (so the first showing of each form re-parses all the CSS read
so far). The rules parsed from a given text, place and set of theme variables are always
the same, so they are parsed once and shared.
"""

from __future__ import annotations

from textual.css.model import RuleSet
from textual.css.stylesheet import CssSource, Stylesheet
from textual.css.types import CSSLocation

#: Rules by (css, where it was read from, default?, tie breaker, scope, theme variables).
_PARSED: dict[tuple[object, ...], list[RuleSet]] = {}


def _variables_key(variables: dict[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(variables.items()))


class SharedStylesheet(Stylesheet):
    """A `Stylesheet` whose parsed rules are shared by every stylesheet in the process."""

    def __init__(self, *, variables: dict[str, str] | None = None) -> None:
        super().__init__(variables=variables)
        self._key = _variables_key(self._variables)

    def set_variables(self, variables: dict[str, str]) -> None:
        super().set_variables(variables)
        self._key = _variables_key(self._variables)

    def _parse_rules(
        self,
        css: str,
        read_from: CSSLocation,
        is_default_rules: bool = False,
        tie_breaker: int = 0,
        scope: str = "",
    ) -> list[RuleSet]:
        key = (css, read_from, is_default_rules, tie_breaker, scope, self._key)
        rules = _PARSED.get(key)
        if rules is None:
            rules = super()._parse_rules(css, read_from, is_default_rules, tie_breaker, scope)
            _PARSED[key] = rules
        return rules

    def copy(self) -> Stylesheet:
        stylesheet = SharedStylesheet(variables=self._variables.copy())
        stylesheet.source = self.source.copy()
        return stylesheet

    def reparse(self) -> None:
        """As `Stylesheet.reparse` (a fresh stylesheet, so an error leaves this one as it
        was), with the fresh one sharing the parsed rules."""
        fresh = SharedStylesheet(variables=self._variables)
        for read_from, source in self.source.items():
            fresh.source[read_from] = CssSource(*source)
        fresh._require_parse = True
        try:
            fresh.parse()
        except Exception:
            self._invalid_css.update(fresh._invalid_css)
            raise
        self._rules = fresh.rules
        self._rules_map = None
        self.source = fresh.source
        self._require_parse = False
