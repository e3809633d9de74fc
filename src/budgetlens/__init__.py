"""budgetlens (预决算透镜): read, extract, audit and explore Chinese budget and final-account disclosures.

The flow is one-way: ``read`` (any format → Document) → ``extract`` (Document → Disclosure of typed
facts with provenance) → ``reconcile`` (facts + declared identities → findings) → ``report``.
``pipeline`` is the only module that chains the stages.
"""

__version__ = "0.1.0"
