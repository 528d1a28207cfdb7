"""Relations from the dependency parse, driven by the language's trigger lexicon.

Rule families (each one is the ``extractor`` name on the statements it makes):

``dep.verb``
    A trigger verb with subject and object arguments ("Meta paga a Trump ...",
    "eBay agreed to acquire Skype"); passives, relative clauses, control chains
    ("intende implementare") and coordination are followed.
``dep.role``
    A role noun linking a person and an organisation: appositions ("Mark
    Zuckerberg, CEO di Meta"), copulas ("X è l'amministratore delegato di Y"),
    nominal heads ("il CEO di Meta, Zuckerberg", "Meta's chief executive").
``surface.appos``
    The apposition "PERSON, ROLE di ORG" or "ROLE di ORG PERSON" when the
    parser did not attach the role noun to the person (small parsers often
    make it a sibling or worse); the organisation still comes from the role
    noun's syntax.
``dep.amount``
    The amount of a payment, fine, grant or deal that the verb and noun
    families left, with or without its counterpart ("agreed to pay a $4.3
    billion fine", "a €1.2 billion fine on Meta", "i 3 miliardi spesi da Rossi
    per acquisire Zeta", "the price of the deal named in the sentence").
``dep.literal``
    Money attached to a literal noun or verb ("48,39 miliardi di dollari di
    ricavi", "spent $2 billion").
``dep.stock``
    A percentage attached to a change of a company's shares ("un crollo delle
    azioni di Nvidia del 17%").
``dep.noun``
    A relation noun with its arguments: "l'acquisizione di Skype da parte di
    eBay", "eBay's acquisition of Skype", "una partnership con la BBC" (the
    subject is then the subject of the clause the noun is in).
``dep.location``
    Where things are: "the Toronto-based startup", "Alfa, con sede a Milano",
    "where OpenAI is based", "la società di Cupertino" (headquarteredIn); "the
    US tech giant", "Canada's Inovia Capital", "its EU headquarters in
    Dublin", "Saint Louis University in St. Louis", "Stoccolma, in Svezia"
    (locatedIn).
``surface.place_pair``
    Two place names separated only by a comma, the press convention for
    "city, region": "DAYTON, Ohio", "St. Louis, Missouri" (locatedIn).
``dep.demonym``
    Nationality and city adjectives: "il colosso olandese ASML", "Swedish
    streaming service Spotify", "l'azienda milanese" (locatedIn); "its three
    French co-founders are A, B and C" (citizenOf).
``surface.paren``
    A party in parentheses right after a person's name, the press convention
    "Roberto Calderoli (Lega Nord)" (memberOf); the name must contain one of
    the language's ``party_words``, since "(Tod's)" after a board member
    names the company they represent.
``dep.affiliation``
    A preposition or possessive linking a person to an organisation: "Wang
    Ziqiang at the Institute of Mechanics", "Apple's Tim Cook" (employeeOf),
    "Paolo Ferrero di Rifondazione Comunista" (memberOf); prepositions come
    from the ``affiliation_prepositions`` table.
``surface.affiliation``
    The same, read off the surface when the parser hung the organisation on
    the verb: a person's name, an affiliation preposition and an
    organisation's name in a row ("Paolo Ferrero di Rifondazione Comunista").
``list``
    A head noun and the names it lists: "investors including A, B and C",
    "giochi come Call of Duty e Diablo" (the head says the relation).
``funding``
    Who leads or joins a funding round, and the company it funds ("the round
    was led by Sequoia with participation from Accel").
``dep.possessive``
    Possessives of ownership: "Google's Play Store", "xAI, la sua startup",
    "Microsoft's Productivity segment" (ownerOf, subsidiaryOf).
``dep.stake``
    An equity stake is ownership: "take a 49% stake in X", "detiene il 5% di X".
``quote``
    Quoted text attributed to a speaker.
``surface.dateline``
    A press dateline ("MOSCOW (AP) —", "MANILA, Philippines –"): its names
    are typed first (the agency is not part of the place), "city, region"
    is locatedIn, and every other fact read from it is dropped at the end.
``dep.stance``, ``quote.stance``
    Who criticizes or praises whom: verbs of criticism and praise, and
    evaluative words in what a speaker says.
``dep.announce``
    Who announces what: a named product, or the announced thing in the
    article's words when no other relation reads it.

Each family is a module of :mod:`kg.extract.rules`. Negated facts are dropped;
future and hedged ones are kept with a modality.
"""

from __future__ import annotations

from spacy.tokens import Doc

from ..langdata import language_data
from ..ontology import subproperties
from ..types import Fact, Mention, Quantity
from .context import Context
from .mentions import MentionIndex
from .rules.affiliations import affiliation_rules
from .rules.announcements import announcement_rules
from .rules.datelines import dateline_rules, drop_dateline_facts
from .rules.demonyms import demonym_rules
from .rules.funding import funding_rules
from .rules.lists import list_rules
from .rules.literals import literal_rules
from .rules.locations import location_rules
from .rules.nouns import noun_rules
from .rules.ownership import ownership_rules
from .rules.payments import payment_rules
from .rules.quotes import quote_rules
from .rules.roles import role_rules
from .rules.stakes import stake_rules
from .rules.stance import stance_rules
from .rules.stock import stock_rules
from .rules.verbs import verb_rules

__all__ = ["FAMILIES", "drop_implied", "extract_facts"]

FAMILIES = (dateline_rules, role_rules, verb_rules, noun_rules, payment_rules, literal_rules, stock_rules, list_rules,
            funding_rules, ownership_rules, stake_rules, location_rules, demonym_rules, affiliation_rules, quote_rules, stance_rules,
            announcement_rules, drop_dateline_facts)
"""The rule families, in the order they run (later families see earlier facts)."""


def extract_facts(doc: Doc, lang: str, index: MentionIndex, quantities: list[Quantity]) -> list[Fact]:
    """Run every rule family over a parsed document; drop the facts a more specific fact implies."""
    ctx = Context(doc, lang, language_data(lang), index, quantities, [])
    for family in FAMILIES:
        family(ctx)
    return drop_implied(ctx.facts)


def _key(mention) -> str:
    return " ".join(mention.text.lower().split()) if isinstance(mention, Mention) else repr(mention)


def drop_implied(facts: list[Fact]) -> list[Fact]:
    """Facts minus those that a fact of a sub-relation between the same names implies.

    The ontology makes ``ceoOf`` a sub-property of ``employeeOf``: "X, hired
    by Y as CEO" says X is Y's CEO, and the employment adds nothing.
    """
    subs = subproperties()
    specific = {(_key(f.subject), f.predicate, _key(f.object)) for f in facts}
    return [f for f in facts
            if not any((_key(f.subject), sub, _key(f.object)) in specific for sub in subs.get(f.predicate, ()))]
