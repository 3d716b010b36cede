"""Persistent homology of latents: diagrams, cycles, Betti numbers, and the error bound.

- `persistence`: `persistence` (ripser on landmarks, bound 2·r), `betti`, `PersistenceResult`.
- `mst`: `h0_mst`, exact H0 of large sets from a minimum spanning tree.
- `landmarks`: greedy max-min landmarks and their distances, grown one point at a time.
- `budget`: what one ripser run costs in memory and time; `stages`: the plan of the stages.
- `anytime`: `anytime_persistence`, larger landmark sets until the time budget is spent.
- `cycles`: representative cycles of H1 bars; `rips`: edges of the complex for the map.
- `feature_table`, `feature_counts`: which bars are features and which are noise.
- `layers`: `betti_by_layer`; `map_topology`: `map_check`, loops of the 2-D map vs the latents.
- `pca_copy`: a few PCA axes of the latents, for landmarks that cover finely.
"""
