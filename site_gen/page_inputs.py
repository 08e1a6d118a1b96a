"""What each page and each other file is made from, named without making it.

The page cache (page_cache.py) keys every output file by a digest of these values: a page
whose inputs did not change is kept without being made, which is what makes a rebuild after
one edit cheap. The inputs of a page are a superset of what its make function in pages.py
(or publish.py, for the other files) reads from the model: a value read but not named here
would leave the page stale, so when a page starts to show something new, name it here.
`tests/test_incremental.py` checks, over random edits, that kept pages equal a full build.
The site's config, the templates and site-gen's own code are in every key (the store stamp).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from typing import Any

from site_gen import urls
from site_gen.fingerprint import Fingerprints
from site_gen.model import Site, Statement

Inputs = tuple[Any, ...]


class PageInputs:
    """The inputs of each page of `site`, with the digests of the values they share."""

    def __init__(self, site: Site, digests: Mapping[str, bytes] | None = None) -> None:
        """`digests` may give, by statement id, a digest of all a statement was made from
        (the record cache's key): it then stands for the statement, which is not digested."""
        self._site = site
        self._digests = digests or {}
        self._prints = Fingerprints()
        self._whole: Inputs | None = None
        self._statements: dict[str, tuple[Statement, bytes]] = {}
        self._shared: dict[str, bytes] = {}
        self._values: dict[int, tuple[object, bytes]] = {}
        self._config: bytes | None = None

    def key(self, path: str, inputs: Inputs) -> bytes | None:
        """A digest of the path and its inputs (None: a value that cannot be digested)."""
        if all(type(part) is bytes for part in inputs):  # digests only (a statement's page)
            if self._config is None:
                self._config = self._prints.of(self._site.config) or b""
            hasher = hashlib.blake2b(b"digests", digest_size=16)
            name = path.encode("utf-8", "surrogatepass")
            hasher.update(len(name).to_bytes(4, "big") + name + self._config)
            for part in inputs:
                hasher.update(len(part).to_bytes(4, "big") + part)
            return hasher.digest()
        return self._prints.of((path, self._site.config, inputs))

    def whole(self) -> Inputs:
        """Everything: for the pages and files that sum up the whole site."""
        if self._whole is None:
            site = self._site
            self._whole = (
                self.statements(site.statements),
                self._all("events"),
                self._all("people"),
                self._all("organizations"),
                self._all("countries"),
                self._all("known_countries"),
            )
        return self._whole

    def _all(self, name: str) -> bytes:
        """The digest of every value of one of the site's mappings (`events`, `people`...),
        made once: many pages share them."""
        made = self._shared.get(name)
        if made is None:
            made = self._prints.of(list(getattr(self._site, name).values()))
            if made is None:  # pragma: no cover - the model holds only values digests know
                raise TypeError(f"the site's {name} hold a value with no digest")
            self._shared[name] = made
        return made

    def statements(self, statements: Iterable[Statement]) -> bytes:
        """Each statement with what its card shows of others (actor, speaker, event), as the
        digests of each, joined: a statement is digested once however many pages show it."""
        return b"".join(map(self._statement, statements))

    def statement_key(self, statement: Statement) -> bytes:
        """A digest of the statement and of what its card shows of others (actor, speaker,
        event): what each statement's part of the export and the search index is made from."""
        return self._statement(statement)

    def _statement(self, statement: Statement) -> bytes:
        known = self._statements.get(statement.id)
        if known is not None and known[0] is statement:
            return known[1]
        site = self._site
        actor = site.actor_of[statement.id]
        place = (
            site.countries.get(actor.id)
            if actor.type == "country"
            else site.organizations.get(actor.id)
        )
        speaker, event = site.people[statement.speaker], site.events[statement.event]
        made_from = self._digests.get(statement.id) or self._value(statement)
        parts = (self._value(actor), self._value(place), self._value(speaker), self._value(event))
        value = hashlib.blake2b(made_from + b"".join(parts), digest_size=16).digest()
        self._statements[statement.id] = (statement, value)
        return value

    def _value(self, value: object) -> bytes:
        """The digest of one value of the model, made once for each."""
        known = self._values.get(id(value))
        if known is not None and known[0] is value:
            return known[1]
        made = self._prints.of((value,))
        if made is None:  # pragma: no cover - the model holds only values digests know
            raise TypeError(f"{value!r} holds a value with no digest")
        self._values[id(value)] = (value, made)
        return made

    def pages_showing(self, statement: Statement) -> list[str]:
        """The path of every page whose inputs (`plan`) hold `statement`."""
        site = self._site
        actor = site.actor_of[statement.id]
        if actor.type == "country":
            own = urls.country(site.countries[actor.id].slug)
        else:
            own = urls.organization(actor.id)
        return [
            urls.home(),
            urls.event(statement.event),
            urls.countries(),
            own,
            urls.organizations(),
            urls.people(),
            urls.person(statement.speaker),
            urls.statement(statement.id),
        ]

    def plan(self) -> dict[str, Inputs]:
        """The inputs of every page of `pages.plan_pages`, by path."""
        site = self._site
        events = self._all("events")
        inputs: dict[str, Inputs] = {urls.home(): self.whole()}
        for event_id, event in site.events.items():
            statements = self.statements(site.by_event.get(event_id, ()))
            others = (self._all("known_countries"), self._all("organizations"))
            inputs[urls.event(event_id)] = (event, statements, others)
        inputs[urls.countries()] = self.whole()
        for code, country in site.countries.items():
            statements = self.statements(site.by_country.get(code, ()))
            inputs[urls.country(country.slug)] = (country, statements, events)
        inputs[urls.organizations()] = self.whole()
        for org_id, org in site.organizations.items():
            statements = self.statements(site.by_organization.get(org_id, ()))
            people = self._all("people")
            inputs[urls.organization(org_id)] = (org, statements, events, people)
        inputs[urls.people()] = self.whole()
        for person_id, person in site.people.items():
            statements = self.statements(site.by_person.get(person_id, ()))
            affiliation = (
                site.countries.get(person.country),
                site.known_countries.get(person.country),
            )
            employer = site.organizations.get(person.organization)
            inputs[urls.person(person_id)] = (person, statements, events, affiliation, employer)
        for statement in site.statements:
            inputs[urls.statement(statement.id)] = (self.statements((statement,)),)
        inputs["search/"] = ()
        inputs["404.html"] = ()
        return inputs
