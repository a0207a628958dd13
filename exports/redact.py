"""What each audience may see, decided on the data before anything is rendered.

`redact` returns a new `Caseload` holding only the one pupil and what their note draws on,
with whatever the audience must not see taken out. The note is rendered from that copy, so
nothing confidential can reach a provider's or a parent's note by a rendering slip.
"""

from __future__ import annotations

from typing import Literal, cast

from alp_tui.caseload import Caseload
from alp_tui.models import Carer, Concern, Provider, Pupil
from exports.errors import ExportError

Audience = Literal["school", "provider", "parent"]
AUDIENCES: tuple[Audience, ...] = ("school", "provider", "parent")


def check_audience(audience: str) -> Audience:
    if audience not in AUDIENCES:
        raise ExportError(
            f"{audience!r} is not an audience for the note: choose school, provider or parent"
        )
    return cast(Audience, audience)


def redact(caseload: Caseload, pupil_id: str, audience: str) -> Caseload:
    """A copy of what the note for `pupil_id` will show to `audience`.

    - school: everything about the pupil.
    - provider: no confidential concern, no child-protection flag, no carers, no notes the
      school keeps about the pupil or the provider, no record of referrals to the DSL.
    - parent: as provider, except that the carers' names (never their phone numbers or
      email addresses) stay, so the note can say whom it is written for.
    Other pupils and the audit trail never come along.
    """
    audience = check_audience(audience)
    pupil = caseload.pupils.get(pupil_id)
    if pupil is None:
        raise ExportError(f"there is no pupil with the id {pupil_id!r}")

    placements = caseload.placements_of(pupil_id)
    placement_ids = {p.id for p in placements}
    out = Caseload(meta=caseload.meta.model_copy(deep=True))
    out.put(_pupil_for(pupil, audience))
    for placement in placements:
        out.put(placement.model_copy(deep=True))
        provider = caseload.provider_of(placement)
        if provider is not None and provider.id not in out.providers:
            out.put(_provider_for(provider, audience))
        for target in caseload.targets_of(placement.id):
            out.put(target.model_copy(deep=True))
        for contact in caseload.contacts_of(placement.id):
            out.put(contact.model_copy(deep=True))
        transition = caseload.transition_of(placement.id)
        if transition is not None:
            out.put(transition.model_copy(deep=True))
        for review in caseload.reviews_of(placement.id):
            out.put(review.model_copy(deep=True))
    for concern in caseload.concerns_of(pupil_id):
        if concern.placement_id is not None and concern.placement_id not in placement_ids:
            continue
        shown = _concern_for(concern, audience)
        if shown is not None:
            out.put(shown)
    return out


def _pupil_for(pupil: Pupil, audience: Audience) -> Pupil:
    copy = pupil.model_copy(deep=True)
    if audience == "school":
        return copy
    copy.child_protection = False
    copy.notes = None
    if audience == "parent":
        copy.carers = [Carer(name=c.name, relationship=c.relationship) for c in copy.carers]
    else:
        copy.carers = []
    return copy


def _provider_for(provider: Provider, audience: Audience) -> Provider:
    copy = provider.model_copy(deep=True)
    if audience == "school":
        return copy
    # The school's own notes and vetting records about a provider are not for the family
    # or the provider's note.
    copy.notes = None
    copy.checks = []
    if audience == "parent":
        copy.phone = None
        copy.email = None
    return copy


def _concern_for(concern: Concern, audience: Audience) -> Concern | None:
    if audience == "school":
        return concern.model_copy(deep=True)
    # A safeguarding concern nobody marked either way is confidential, even if the default
    # was never applied (a record built without validation).
    unmarked_safeguarding = concern.confidential is None and concern.category == "safeguarding"
    if concern.is_confidential or unmarked_safeguarding:
        return None
    copy = concern.model_copy(deep=True)
    copy.referred_to_dsl = False
    return copy
