"""``dep.amount``: the amount of a payment, fine, grant, acquisition or investment.

The verb and noun families (:mod:`.verbs`, :mod:`.nouns`) record a payment
or a deal when they find both parties, with the amount on the statement. This
family takes the amounts they left:

- a payment whose payee is not named: "Coinbase agreed to pay a $90 million
  fine", "Uber pagherà 40 milioni di dollari per chiudere il contenzioso" (the
  amount alone, ``Coinbase pays $90 million``);
- fines, read the way the press writes them: the fined party pays the
  authority that imposed the fine. "The regulator imposed a €400 million fine
  on Google", "la Commissione ha inflitto una multa da 340 milioni a Google"
  (the fined party is the verb's "on"/"a" argument, the authority its
  subject); "Amazon was hit with a fine", "X agreed to pay a fine" (the subject
  pays); "The $20 million fine ends ..." (the party fined last in the
  text pays);
- grants and public support, paid by their giver: "aiuti per 3
  miliardi da parte della Regione", "awarded Micron a $6 billion grant";
- the price of a deal named elsewhere in the sentence: "ha annunciato
  l'acquisizione di iRobot ... per 1,7 miliardi", "an all-cash deal valued at
  roughly $5.4 billion", "l'acquisizione da 61 miliardi di dollari di X";
- money spent to buy: "i 4 miliardi spesi da Disney per acquisire Lucasfilm",
  "Salesforce paid $15 billion for Tableau" (``acquires``).

The words are the language data's ``relation_verbs`` and ``relation_nouns``
(rows whose relation is pays, investsIn or acquires; fine nouns are the pays
nouns marked ``inverse``) and the ``money`` tables ``impose_verbs``,
``give_verbs``, ``receive_verbs``, ``support_nouns``, ``deal_nouns``,
``deal_prepositions``, ``spend_verbs``, ``valued_verbs``, ``value_nouns``,
``cost_verbs``, ``order_verbs``, ``purpose_markers``, ``coordinators``,
``investor_nouns``, ``move_verbs`` and ``fine_verbs`` (verbs that fine only
when an amount says so: "sanzionare", "sanction").
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from ...types import Mention, Quantity
from ..context import (
    AMOUNT_PREDICATES,
    Context,
    arguments,
    emit,
    lemma,
    lookup,
    modality_of,
    negated,
    signature,
)
from ..quantities import implied_currency
from ..syntax import (
    AGENT,
    OBJ,
    PASS_SUBJ,
    SUBJ,
    case_words,
    clause_subjects,
    dep,
    dependents,
    prep_objects,
)
from .amounts import (
    amount_before,
    free_amounts,
    holder_classes,
    introducer,
    is_participle,
    modifying_participle,
    own_chain,
)

__all__ = ["payment_rules"]

_PARTIES = frozenset({"Organization", "Person"})
_AGENT_PREPS = {"da", "dal", "dalla", "dallo", "dai", "dagli", "dalle", "dall'", "dall’", "by", "from"}


def _money(ctx: Context) -> dict:
    return ctx.data["money"]


def _noun_spec(ctx: Context, token: Token) -> dict | None:
    nominal = token.pos_ in ("NOUN", "PROPN") or (token.pos_ == "ADJ" and dep(token) in OBJ | SUBJ | {"pobj"})
    if not nominal or ctx.index.of(token) is not None:  # "agreed to pay a $90 million fine" (fine tagged ADJ)
        return None
    nouns = ctx.data.get("relation_nouns", {})
    spec = nouns.get(token.lower_) or nouns.get(lemma(token))
    return spec if spec and spec["relation"] in AMOUNT_PREDICATES else None


def _verb_spec(ctx: Context, token: Token) -> dict | None:
    if token.pos_ not in ("VERB", "AUX"):
        return None
    spec = lookup(ctx.data["relation_verbs"], token, ctx.data.get("verb_suffixes", ()))
    if spec and spec.get("requires") and not any(t.lower_ in spec["requires"] for t in token.children):
        return None  # "take" is an acquisition only with "over"
    return spec if spec and spec["relation"] in AMOUNT_PREDICATES else None


def _in(ctx: Context, token: Token, table: str) -> bool:
    """Whether the word (or its lemma, or a lemma guessed from its ending) is in a ``money`` table."""
    words = dict.fromkeys(_money(ctx).get(table, ()), True)
    verbal = token.pos_ in ("VERB", "AUX") or is_participle(token)
    return bool(lookup(words, token, ctx.data.get("verb_suffixes", ()) if verbal else ()))


def _parties(ctx: Context, tokens) -> list[Mention]:
    """The payers or payees the tokens name. A name NER typed as a place still pays ("Coinbase", a state);
    a place reached through a description does not ("il gigante di Cupertino")."""
    out = []
    for token in tokens:
        named = ctx.index.of(token)
        if named is not None and named.label in _PARTIES | {"Place"}:
            found = [named]
        else:
            found = [m for m, _ in arguments(ctx, [token], _PARTIES) if m.label in holder_classes(_PARTIES)]
        out += [m for m in found if m not in out]
    return out


def _preps(ctx: Context, token: Token, words) -> list[Token]:
    """Objects of the prepositions ``words`` on ``token``, and its indirect objects when "a"/"to" are among them."""
    found = list(prep_objects(token, set(words)))
    if {"a", "to"} & set(words):
        found += list(dependents(token, ["iobj", "dative"]))
    return found


class _Deal:
    """What an amount is the amount of: a relation, the trigger word, and how to find the parties."""

    def __init__(self, relation: str, token: Token, kind: str, spec: dict | None = None, spender: Token | None = None):
        self.relation, self.token, self.kind, self.spec = relation, token, kind, spec or {}
        self.spender = spender


def _trigger(ctx: Context, span: Span) -> _Deal | None:
    """The payment, fine, grant or deal the amount belongs to, found on its heads up to its clause."""
    inside = range(span.start, span.end)
    for token in span:  # "i 4 miliardi di dollari spesi da Disney per acquisire Lucasfilm"
        for verb in token.children:
            if verb.i not in inside and modifying_participle(verb) and _in(ctx, verb, "spend_verbs"):
                purpose = _purpose(ctx, verb)
                if purpose is not None:
                    return _Deal(purpose[0]["relation"], purpose[1], "purpose", purpose[0], spender=verb)
    for child in span.root.children:  # "2 miliardi di aiuti", "$5 billion in fines"
        for token in [child, *(g for g in child.children if dep(g) == "pobj")]:
            if token.i in inside or dep(token) in ("conj", "appos"):
                continue
            spec = _noun_spec(ctx, token)
            if spec and spec["relation"] == "pays" and spec.get("inverse"):
                return _Deal("pays", token, "fine", spec)
            if _in(ctx, token, "support_nouns"):
                return _Deal("pays", token, "grant")
    current = span.root
    for _ in range(6):
        head = current.head
        if head == current:
            return None
        if dep(current) == "conj" and head.i not in inside and head.pos_ not in ("VERB", "AUX"):
            current = head  # "ha pagato a Netflix e Disney, milioni di dollari": the amount in its conjunct's place
            continue
        if dep(head) == "conj" and ctx.index.of(head) is not None:
            current = head  # "... and Nokia €120 million", "e Nokia per 120 milioni": the amount on a coordinated name
            continue
        if head.i in inside or head.pos_ in ("ADP", "NUM", "SYM", "DET", "ADV", "ADJ") or _in(ctx, head, "value_nouns") or (
                dep(current) in ("compound", "amod", "nummod") and head.pos_ == "NOUN" and _noun_spec(ctx, head) is None
                and not _in(ctx, head, "support_nouns") and not _in(ctx, head, "deal_nouns")):
            current = head  # "un investimento record di", "a record €800 million fine"
            continue
        spec = _noun_spec(ctx, head)
        if spec:
            kind = "fine" if spec["relation"] == "pays" and spec.get("inverse") else "noun"
            return _Deal(spec["relation"], head, kind, spec)
        if _in(ctx, head, "support_nouns"):
            return _Deal("pays", head, "grant")
        if _in(ctx, head, "investor_nouns"):
            return _Deal("investsIn", head, "investor")
        if _in(ctx, head, "deal_nouns"):
            return _Deal("", head, "deal")
        if head.pos_ in ("VERB", "AUX"):
            spec = _verb_spec(ctx, head)
            if spec:
                return _Deal(spec["relation"], head, "verb", spec)
            if _in(ctx, head, "fine_verbs"):  # "ha sanzionato Meta per 800 milioni": a fine, given its amount
                return _Deal("pays", head, "verb", {"relation": "pays", "object": ["obj", "dobj", "dative", "iobj"],
                                                     "inverse": True})
            purpose = _purpose(ctx, head)
            if purpose is not None and _in(ctx, head, "spend_verbs"):
                return _Deal(purpose[0]["relation"], purpose[1], "purpose", purpose[0], spender=head)
            if _in(ctx, head, "cost_verbs") and any(
                    (_noun_spec(ctx, t) or {}).get("inverse") for t in span.sent if t.i not in inside):
                return _Deal("pays", head, "cost")  # "the first two of which cost the company over €1 billion"
            if _in(ctx, head, "valued_verbs") and dep(head) in ("acl", "amod", "relcl", "acl:relcl"):
                return _Deal("", head.head, "deal")  # "a deal valued at $5.4 billion"
            for arg in head.children:  # "ha completato l'acquisizione da 61 miliardi" with the amount on the verb
                spec = _noun_spec(ctx, arg) if arg.i not in inside and dep(arg) in OBJ | SUBJ | PASS_SUBJ else None
                if spec:
                    kind = "fine" if spec["relation"] == "pays" and spec.get("inverse") else "noun"
                    return _Deal(spec["relation"], arg, kind, spec)
            return None
        return None
    return None


def _deal_by_preposition(ctx: Context, span: Span) -> _Deal | None:
    """"ha annunciato l'acquisizione di iRobot, ..., *per* 1,7 miliardi": a price for the deal of the sentence."""
    if introducer(ctx, span) in set(_money(ctx).get("deal_prepositions", ())):
        return _Deal("", span.root, "deal")
    return None


def _purpose(ctx: Context, verb: Token) -> tuple[dict, Token] | None:
    """A purpose clause with a deal verb: "spesi da Disney *per acquisire* Lucasfilm", "spent $N *to buy* X".

    Parsers often hang the purpose clause on the main verb instead: a deal verb
    opened by a purpose marker ("per", "to") within a few words after the
    spending verb counts too.
    """
    candidates = [c for c in verb.children if dep(c) in ("advcl", "xcomp", "acl")]
    markers = set(_money(ctx).get("purpose_markers", ()))
    candidates += [t for t in verb.doc[verb.i + 1: min(verb.i + 8, verb.sent.end)]
                   if any(dep(c) in ("mark", "aux") and c.lower_ in markers for c in t.children)]
    for child in candidates:
        spec = _verb_spec(ctx, child) if child.pos_ == "VERB" else None
        if spec and spec["relation"] in ("acquires", "investsIn"):
            return spec, child
    return None


def _fined(ctx: Context, noun: Token, spec: dict, span: Span) -> tuple[list[Mention], list[Mention]]:
    """(fined parties, authorities) of a fine noun, from the noun and the verb it is the object of."""
    fined = _parties(ctx, _preps(ctx, noun, spec.get("object", ())))
    # "una multa da 340 milioni di euro a Google" with "a Google" hung on the amount
    fined = fined or _parties(ctx, [t for t in span.root.subtree if t.i >= span.end and dep(t) in ("nmod", "obl")
                                    and {c.lower_ for c in t.children if dep(c) == "case"} & set(spec.get("object", ()))])
    authority = _parties(ctx, _preps(ctx, noun, spec.get("agent", ())) + [
        g for t in _preps(ctx, noun, ["parte"]) for g in prep_objects(t, {"di", "del", "della", "dello", "dell'"})])
    verb = noun.head if dep(noun) in OBJ | PASS_SUBJ | SUBJ | {"obl", "pobj", "nmod"} else None
    for _ in range(4):  # "hit with a fine", "paid $5 billion in fines"
        if verb is None or verb.pos_ in ("VERB", "AUX") or verb.head == verb:
            break
        verb = verb.head
    if verb is None or verb.pos_ not in ("VERB", "AUX"):
        return fined, authority
    subjects, passive = clause_subjects(verb)
    if _in(ctx, verb, "impose_verbs") and passive:
        # "Amazon was hit with a fine by the Commission"
        fined = fined or _parties(ctx, subjects)
        authority = authority or _parties(ctx, list(prep_objects(verb, _AGENT_PREPS)) + [
            g for c in verb.children if dep(c) in AGENT for g in ([c] if c.pos_ != "ADP" else c.children)])
    elif _in(ctx, verb, "impose_verbs"):
        # "the regulator imposed a fine on Google", "ha inflitto una multa a Google", "hit Google with a fine"
        fined = fined or _parties(ctx, _preps(ctx, verb, spec.get("object", ()))) or _parties(
            ctx, [c for c in verb.children if dep(c) in OBJ and c != noun])
        authority = authority or _parties(ctx, subjects)
    elif dep(noun) in SUBJ | PASS_SUBJ and not _in(ctx, verb, "impose_verbs"):
        return fined, authority  # "the fine follows an investigation": the fined party is known from before
    else:
        # "X agreed to pay a fine", "X was hit with a fine", "X ha ricevuto una multa"
        fined = fined or _parties(ctx, subjects)
    return fined, authority


def _last_fined(ctx: Context, sent: Span) -> Mention | None:
    """The party that paid a fine last before this sentence (the text keeps talking about it)."""
    earlier = [f for f in ctx.facts if f.predicate == "pays" and f.evidence_end <= sent.start_char]
    return earlier[-1].subject if earlier else None


def _verb_parties(ctx: Context, verb: Token, spec: dict, span: Span) -> tuple[list[Mention], list[Mention]]:
    """(payers or buyers, payees or targets) of a relation verb."""
    subjects, passive = clause_subjects(verb)
    # "Samsung was ordered to pay": the passive belongs to "ordered", "pay" is active
    passive = passive and any(dep(c) in PASS_SUBJ or dep(c) in ("aux:pass", "auxpass") for c in verb.children)
    if passive:
        agents = list(prep_objects(verb, _AGENT_PREPS))
        agents += [g for c in verb.children if dep(c) in AGENT for g in ([c] if c.pos_ != "ADP" else c.children)]
        doers, objects = _parties(ctx, agents), _parties(ctx, subjects)
    else:
        doers, objects = _parties(ctx, subjects), _parties(ctx, list(dependents(verb, spec.get("object", ()))))
        if not objects:  # "investirà 4 miliardi di dollari in Anthropic": the preposition hangs on the amount
            preps = {s.partition(":")[2] for s in spec.get("object", ()) if ":" in s}
            objects = _parties(ctx, [t for t in span.root.subtree if t.i >= span.end and (
                {c.lower_ for c in t.children if dep(c) == "case"} & preps or (dep(t) == "pobj" and t.head.lower_ in preps))])
    if spec["relation"] in ("investsIn", "acquires"):
        objects = [o for o in objects if o.label != "Place"]  # "invest $15 billion in Spain" is spending
    controller = verb.head if dep(verb) == "xcomp" and _in(ctx, verb.head, "order_verbs") else None
    if controller is not None and not spec.get("inverse"):
        # "the court ordered Samsung to pay": the ordered party pays
        doers = _parties(ctx, [c for c in controller.children if dep(c) in OBJ]) or doers
    if spec.get("inverse"):
        doers, objects = objects, doers
        if not doers:
            # "multare per 800 milioni di euro Meta" with Meta hung on the amount by the parser
            doers = [m for m in (ctx.index.of(t) for t in span.root.subtree) if m is not None and m.label in _PARTIES]
    return doers, objects


def _stock_issuer(ctx: Context, span: Span) -> Mention | None:
    """The company whose shares an amount buys: "$2 billion of Intel common stock", "2 miliardi di azioni Intel"."""
    stock = set(ctx.data.get("stock_nouns", ()))
    for token in span.root.subtree:
        if token.i >= span.end and (token.lower_ in stock or lemma(token) in stock):
            owners = [t for t in token.subtree if t.i != token.i and ctx.index.of(t) is not None]
            parties = [ctx.index.of(t) for t in owners if ctx.index.of(t).label in _PARTIES | {"Place"}]
            if parties:
                return parties[0]
    return None


def _described(ctx: Context, noun: Token) -> list[Mention]:
    """Who a role noun describes: "Siemens, ... indicata come investitore", "Salesforce, an investor", "X è un investitore"."""
    own = [c for c in noun.children if dep(c) in SUBJ]
    if own:  # "Microsoft è il maggiore investitore"
        return _parties(ctx, own)
    current = noun
    for _ in range(5):
        named = _parties(ctx, [current]) if current is not noun else []
        if named:
            return named
        if dep(current) == "appos" or (dep(current) in ("acl", "amod") and current.pos_ in ("VERB", "AUX")):
            current = current.head  # up to what the apposition or participle describes
        elif current is noun and current.head.pos_ in ("VERB", "AUX"):
            subjects, _ = clause_subjects(current.head)  # "X è stato indicato come investitore", "X is an investor"
            if subjects:
                return _parties(ctx, subjects)
            current = current.head
        elif current.pos_ in ("VERB", "AUX") and dep(current) in ("acl", "amod"):
            current = current.head
        else:
            return []
    return []


def _gapped_party(ctx: Context, span: Span, fining: Token | None = None) -> Mention | None:
    """The party of a coordinated amount whose verb is left out: "... and Nokia €120 million", "e Nokia per 120 milioni".

    That is the name right before the amount (past articles and prepositions)
    when the amount or the name is a conjunct, or when a coordinator precedes
    the name and the name hangs on the amount. With a verb that fines
    (``fining``), the name right between it and the amount is the fined party
    whatever the parse ("fined Siemens €300 million and Nokia ...").
    """
    root = span.root
    skip = set(ctx.data.get("articles", ()))
    i = span.start - 1
    while i >= span.sent.start and (ctx.doc[i].lower_ in skip or ctx.doc[i].pos_ == "ADP"):
        i -= 1
    if i < span.sent.start:
        return None
    token = ctx.doc[i]
    m = ctx.index.of(token)
    if m is None or m.label not in _PARTIES | {"Place"}:
        return None
    while dep(token) in ("flat", "flat:name", "compound") and token.head != token:
        token = token.head
    if dep(root) == "conj":
        return m
    coordinators = set(_money(ctx).get("coordinators", ()))
    first = ctx.doc[_start_token(ctx, m) - 1] if _start_token(ctx, m) - 1 >= span.sent.start else None
    if fining is not None and first == fining:
        return m
    if first is None or first.lower_ not in coordinators:
        return None
    # parallel pairs, "[Siemens per 300 milioni] e [Nokia per 120 milioni]": an amount right before the coordinator
    # ("paid Netflix and Disney millions" has none), or the amount hanging on the coordinated name
    parallel = amount_before(ctx, first) is not None
    return m if parallel or root in list(token.subtree) else None


def _start_token(ctx: Context, m: Mention) -> int:
    """Token index where a mention starts."""
    return ctx.index.spans[m][0]


def _grant_parties(ctx: Context, noun: Token) -> tuple[list[Mention], list[Mention]]:
    """(givers, receivers) of a grant: "gli aiuti da parte della Regione", "awarded Micron a grant"."""
    givers = _parties(ctx, list(prep_objects(noun, _AGENT_PREPS)) + [
        g for t in prep_objects(noun, {"da"}) if t.lower_ == "parte" for g in prep_objects(t, {"di", "del", "dello", "della"})])
    givers += _parties(ctx, [g for c in noun.children if dep(c) == "nmod" and c.lower_ == "parte"
                             for g in prep_objects(c, {"di", "del", "dello", "della", "dell'"})])
    receivers = _parties(ctx, _preps(ctx, noun, ["a", "ad", "al", "alla", "to", "for"]))
    verb = noun.head
    while verb.pos_ in ("NOUN", "NUM", "ADP", "SYM") and verb.head != verb and dep(verb) not in SUBJ | PASS_SUBJ:
        verb = verb.head  # "ha sostenuto l'impianto con 3 miliardi di euro di sussidi"
    if verb.pos_ in ("VERB", "AUX"):
        subjects, _ = clause_subjects(verb)
        if _in(ctx, verb, "give_verbs"):
            givers = givers or _parties(ctx, subjects)
            receivers = receivers or _parties(ctx, _preps(ctx, verb, ["a", "ad", "al", "alla", "to"]))
        elif _in(ctx, verb, "receive_verbs"):
            receivers = receivers or _parties(ctx, subjects)
    return givers, receivers


def _deal_parties(ctx: Context, span: Span, deal: _Deal) -> tuple[str, list[Mention], list[Mention]]:
    """A deal noun ("transaction", "operazione"): the acquisition or investment found in the same sentence."""
    sent = span.sent
    # a funding round "valued at" N is the company's valuation, not the investors' amount: acquisitions only
    deals = [f for f in ctx.facts if f.predicate == "acquires" and isinstance(f.object, Mention)]
    here = [f for f in deals if f.evidence_start == sent.start_char]
    if here:
        return "acquires", [here[0].subject], [here[0].object]
    # "The deal, valued at $650 million, ...": the acquisition of the sentence before
    definite = set(ctx.data.get("articles", ())) - set(ctx.data.get("indefinite_articles", ()))
    previous = [s for s in ctx.doc.sents if s.end <= sent.start][-1:]
    if previous and any(c.lower_ in definite for c in deal.token.children if dep(c) == "det"):
        before = [f for f in deals if f.evidence_start == previous[0].start_char]
        if before:
            return "acquires", [before[-1].subject], [before[-1].object]
    # an acquisition word in the sentence whose target NER missed: "its purchase of Tower ... valued at $5.4 billion"
    for token in sent:
        spec = _noun_spec(ctx, token) or _verb_spec(ctx, token)
        if spec is None or spec["relation"] != "acquires":
            continue
        doers = _parties(ctx, [c for c in token.children if dep(c) in ("poss", "nmod:poss")])
        if not doers and token.pos_ in ("VERB", "AUX"):
            doers = _parties(ctx, clause_subjects(token)[0])
        elif not doers and token.head.pos_ in ("VERB", "AUX"):
            doers = _parties(ctx, clause_subjects(token.head)[0])
        if doers:
            return "acquires", doers, []
    return "", [], []


def _acquisition_target(ctx: Context, span: Span) -> list[Mention]:
    """"l'acquisizione da 61 miliardi di dollari di VMware": the target hung on the amount by the parser."""
    found = []
    for token in span.root.subtree:
        m = ctx.index.of(token)
        if m is not None and token.i >= span.end and m.label == "Organization" and m not in found:
            found.append(m)
    return found


def payment_rules(ctx: Context) -> None:
    for q, span in free_amounts(ctx):
        deal = _trigger(ctx, span) or _deal_by_preposition(ctx, span)
        if deal is None:
            continue
        relation, doers, objects = deal.relation, [], []
        token = deal.token
        if deal.kind == "fine":
            doers, objects = _fined(ctx, token, deal.spec, span)
            if not doers:
                last = _last_fined(ctx, span.sent)
                doers = [last] if last is not None else []
        elif deal.kind == "cost":
            doers = _parties(ctx, [c for c in token.children if c.i not in range(span.start, span.end)
                                   and (dep(c) in OBJ | {"iobj", "dative"} or (dep(c) == "obl" and case_words(c) & {"a", "ad"}))])
        elif deal.kind == "investor":
            doers = _described(ctx, token)
            objects = _parties(ctx, list(prep_objects(token, {"in", "di", "of", "nel", "nella"})))
        elif deal.kind == "grant":
            doers, objects = _grant_parties(ctx, token)
        elif deal.kind == "deal":
            relation, doers, objects = _deal_parties(ctx, span, deal)
        elif deal.kind == "verb":
            doers, objects = _verb_parties(ctx, token, deal.spec, span)
            if relation == "acquires" and dep(span.root) in OBJ:
                # "buy $2 billion of Intel common stock" is an investment in Intel; "buy $3 billion of chips" no deal
                issuer = _stock_issuer(ctx, span)
                if issuer is None:
                    continue
                relation, objects = "investsIn", [issuer]
            gapped = _gapped_party(ctx, span, token if deal.spec.get("inverse") else None)
            if gapped is not None:  # "fined Siemens €300 million and Nokia €120 million": Nokia's amount
                if deal.spec.get("inverse"):
                    doers = [gapped]
                else:
                    doers = [gapped] if gapped not in objects else doers
            if relation == "pays" and not deal.spec.get("inverse") and _bought(ctx, token, span):
                continue  # "ha pagato 15 miliardi *per* X" is the price of X, read by _paid_for
        elif deal.kind == "purpose":
            spender = deal.spender
            subjects, passive = clause_subjects(spender)
            agents = list(prep_objects(spender, _AGENT_PREPS)) if passive or modifying_participle(spender) else []
            doers = _parties(ctx, agents) or _parties(ctx, subjects)
            objects = _parties(ctx, list(dependents(token, deal.spec.get("object", ()))))
        elif deal.kind == "noun":
            agents = list(prep_objects(token, set(deal.spec.get("agent", ()))))
            agents += [c for c in token.children if dep(c) in ("poss", "nmod:poss")]
            doers = _parties(ctx, agents)
            if not doers:
                subjects, _ = clause_subjects(token.head) if token.head.pos_ in ("VERB", "AUX") else ([], False)
                doers = _parties(ctx, subjects)
            objects = _parties(ctx, list(prep_objects(token, set(deal.spec.get("object", ())))))
            if not objects and relation == "acquires":
                objects = _acquisition_target(ctx, span)
        if not relation or not doers:
            continue
        if relation == "investsIn" and not objects and deal.kind != "investor":
            continue  # an investment in nothing named is the company's own spending (dep.literal)
        chain = own_chain(token) if token.pos_ in ("VERB", "AUX") else [token.head]
        if negated(ctx, chain):
            continue
        modality = modality_of(ctx, chain) if token.pos_ in ("VERB", "AUX") else None
        _, range_ = signature(relation)
        amount = Quantity(q.start, q.end, q.text, q.value, implied_currency(ctx.quantities, q), q.unit, q.high)
        for doer in doers[:1]:
            targets = [o for o in objects if o != doer and o.label in range_ | holder_classes(range_)]
            if targets:
                for target in targets:
                    emit(ctx, doer, relation, target, span.sent, "dep.amount", amount=amount, modality=modality)
            else:
                emit(ctx, doer, relation, None, span.sent, "dep.amount", amount=amount, modality=modality)
    _paid_for(ctx)


def _bought(ctx: Context, verb: Token, span: Span) -> list[Mention]:
    """What a payment buys: "paid $15 billion *for Tableau*", "15 miliardi di dollari *per Tableau*"."""
    preps = set(_money(ctx).get("deal_prepositions", ()))
    tokens = list(prep_objects(verb, preps)) + list(prep_objects(span.root, preps))
    tokens += [t for t in span.root.subtree if t.i >= span.end and dep(t) in ("nmod", "obl")
               and {c.lower_ for c in t.children if dep(c) == "case"} & preps]
    amounts = [(q.start, q.end) for q in ctx.quantities]
    return _parties(ctx, [t for t in tokens if not any(s <= t.idx < e for s, e in amounts)])  # an amount buys nothing


def _paid_for(ctx: Context) -> None:
    """"Salesforce paid $15 billion for Tableau", "ha pagato 15 miliardi per X": the price of an acquisition."""
    for q, span in free_amounts(ctx):
        verb = span.root.head
        spec = _verb_spec(ctx, verb)
        if spec is None or spec["relation"] != "pays" or spec.get("inverse"):
            continue  # fining ("multare per 300 milioni") buys nothing
        targets = _bought(ctx, verb, span)
        buyers = _parties(ctx, clause_subjects(verb)[0])
        if not targets or not buyers or negated(ctx, own_chain(verb)):
            continue
        amount = Quantity(q.start, q.end, q.text, q.value, implied_currency(ctx.quantities, q), q.unit, q.high)
        for target in targets:
            emit(ctx, buyers[0], "acquires", target, span.sent, "dep.amount", amount=amount,
                 modality=modality_of(ctx, own_chain(verb)))
