"""Stage 2, mentions: Pages in, raw ``Mention`` spans out (spaCy NER; e-mail, phone and URL patterns).

Imports only the reading stage and the top-level modules."""
