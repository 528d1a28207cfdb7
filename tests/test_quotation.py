"""Finding quotations in plain text (kg.extract.quotation); the sentences are written for these tests."""

from __future__ import annotations

from kg.extract.quotation import (
    dash_segments,
    find_quotations,
    is_title,
    pieces,
    sentence_spans,
)


def texts(text):
    return [q.text for q in find_quotations(text)]


def test_paired_marks_of_both_languages():
    assert texts("Rossi: «Siamo pronti a crescere». Poi “basta così, grazie”.") == ["Siamo pronti a crescere",
                                                                                      "basta così, grazie"]
    assert texts('"We are ready," she said, "and we will grow."') == ["We are ready", "and we will grow"]


def test_single_curly_quotes_but_not_apostrophes():
    assert texts("‘We’re ready to grow,’ said Ann. The company’s plan is ‘bold’.") == ["We’re ready to grow", "bold"]
    assert texts("L’azienda ha un po’ di margine.") == []
    assert texts("Rossi: 'Siamo pronti a crescere', e l'azienda conferma.") == ["Siamo pronti a crescere"]
    assert texts("The investors' money and the 'new' plan.") == []


def test_final_full_stop_and_comma_are_not_quoted_but_exclamation_is():
    assert texts("«Abbiamo vinto.» E poi: «Che giornata!»") == ["Abbiamo vinto", "Che giornata!"]


def test_a_quotation_inside_another_is_part_of_it():
    (q,) = find_quotations("«Lo chiamano “il piano” da anni», dice Rossi.")
    assert q.text == "Lo chiamano “il piano” da anni"


def test_an_apostrophe_or_a_straight_quote_inside_a_word_opens_nothing():
    assert texts("L'azienda ha 5\" di margine e l'altra no.") == []


def test_an_unclosed_quotation_ends_with_its_sentence_and_paragraph():
    (q,) = find_quotations('"Victory at last! in a post, he wrote.\nNext paragraph "here".')[:1]
    assert (q.text, q.closed) == ("Victory at last!", False)
    (q,) = find_quotations("Rossi: «Il piano è pronto. Lo presenteremo domani\nAltro paragrafo.")
    assert (q.text, q.closed) == ("Il piano è pronto", False)


def test_sentences_inside_a_quotation():
    text = "«Il piano è pronto. Lo presenteremo a maggio! Poi vedremo»"
    (q,) = find_quotations(text)
    assert [text[a:b] for a, b in sentence_spans(text, q.start, q.end)] == [
        "Il piano è pronto", "Lo presenteremo a maggio!", "Poi vedremo"]


def test_an_interrupting_attribution_cuts_the_quotation_at_its_sentence():
    text = ("«Per dieci anni – ha detto la commissaria Maria Bianchi – il gruppo ha abusato del mercato. "
            "Lo ha fatto di proposito. Questo è grave – ha aggiunto – e oggi lo abbiamo multato»")
    (q,) = find_quotations(text)
    segments = dash_segments(text, q)
    inner = [text[s[1]:s[2]] for s in segments]
    assert inner[0] == "ha detto la commissaria Maria Bianchi" and inner[-1] == "ha aggiunto"
    chosen = [segments[0], segments[-1]]  # the two that hold an attribution
    assert [(text[a:b], k) for a, b, k in pieces(text, q, chosen)] == [
        ("Per dieci anni", 0), ("il gruppo ha abusato del mercato", 0), ("Questo è grave", 1),
        ("e oggi lo abbiamo multato", 1)]


def test_after_the_attribution_of_an_unclosed_quotation_nothing_is_kept():
    text = "«Il contratto vale cinque miliardi – ha aggiunto – cui lo Stato partecipa con due."
    (q,) = find_quotations(text)
    assert not q.closed
    assert [text[a:b] for a, b, _ in pieces(text, q, dash_segments(text, q))] == ["Il contratto vale cinque miliardi"]


def test_titles_are_not_speech():
    assert is_title("The Sound Of Silence") and is_title("Il Gattopardo")
    assert not is_title("We are Ready to grow") and not is_title("Pronti")
