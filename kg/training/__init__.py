"""Training and evaluation of the bundled Italian spaCy pipeline ``it_newskg``.

Run ``python -m kg.training --help``.  The sub-commands are:

* ``build``    - convert the corpora, train the UD and NER pipelines
  concurrently and assemble the shipped pipeline;
* ``evaluate`` - score a pipeline on the held-out evaluation files
  (KIND ``WN_dev.tsv`` for NER, UD ``it_isdt-ud-dev.conllu`` for
  POS/morph/lemma/dependencies).
"""

__all__: list = []
