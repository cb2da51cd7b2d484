"""Stage 3, normalising: raw Mentions (and Tables) in, normalised Mentions out.

Spans are repaired, layout debris dropped, names made canonical (people, organisations, places with the
gazetteer, dates, contacts); table rows become PERSON records whose cells are normalised the same way."""
