"""The deterministic "what-if" clause evaluator.

Questions such as "What if OpenAI makes $150 billion in profit in 2027: does Microsoft keep
access to its technology?" are read into a typed scenario (:mod:`assistant.whatif.reading`),
evaluated against the clause sheet of the terms in force (:mod:`assistant.whatif.engine`, pure:
values, reasons and a trace that names clauses by id), cited in the caller's corpus
(:mod:`assistant.whatif.citing`) and answered in words with citations (:mod:`assistant.whatif.respond`,
:mod:`assistant.whatif.render`). No language model is involved.
"""
