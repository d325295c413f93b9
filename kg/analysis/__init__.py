"""``cikg analyze``: ``load`` reads ``graph.ttl`` into the typed ``records`` of the read model;
``networks`` builds the networkx views; ``centrality``, ``communities``, ``compare`` and ``coverage``
compute; ``analyze`` gathers them; ``report`` writes tables, summary and report, with ``charts``
(the only module that imports matplotlib)."""
