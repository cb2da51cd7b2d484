"""Stage 4, resolving: normalised Mentions in, Entities with stable ids out.

``aliases`` works inside one document (acronyms, short names, type consistency, place context);
``entities`` resolves across documents so one person is one record."""
