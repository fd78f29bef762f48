"""Network analysis of the graph: who is responsible for what, and with whom.

Networks are built from SPARQL results, so they come out the same from the embedded store and from any SPARQL 1.1
endpoint. Importing this package is cheap: networkx, pandas and matplotlib load only with the module that needs them.

- `sources`: a `Select` function over a store folder, an open store or an endpoint URL
- `networks`: `Filters`, `KINDS` and `network()`, the department–measure network and its projections
- `metrics`: degree, betweenness, PageRank, components, communities and lead shares of each department
- `analytics`: those metrics written into, and read back from, the store's analytics named graph
- `exports`: GraphML, GEXF, Cytoscape.js JSON and CSV
- `plot`: the department network as a figure for papers
- `notebook`: the small API for notebooks (open a store or endpoint, SPARQL into a DataFrame, any network)
"""
