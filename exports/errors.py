"""The errors the export raises: sentences a teacher can act on."""

from __future__ import annotations


class ExportError(Exception):
    """The note could not be built or written; the message says why and what to do."""


class SeveralProvidersError(ExportError):
    """A provider's note was asked for a pupil placed with several providers, without
    saying which: each provider may see only its own placements."""

    def __init__(self, pupil_name: str, provider_names: tuple[str, ...]) -> None:
        self.pupil_name = pupil_name
        self.provider_names = provider_names
        super().__init__(
            f"{pupil_name} is placed with {_and(provider_names)}, and a provider's note "
            "covers one provider only: choose which provider it is for"
        )


def _and(names: tuple[str, ...]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
