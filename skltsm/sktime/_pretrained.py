"""Where :class:`RenamedTargets` was defined: kept so that old pickles load.

``RenamedTargets`` now lives in :mod:`skltsm.sktime._pretraining`, beside
the rest of what ``pretrain`` leaves. A forecaster fitted after ``pretrain``
and pickled before the move names the class by this module's path
(``skltsm.sktime._pretrained.RenamedTargets``); this re-export lets
``pickle.load`` find it. New pickles name ``_pretraining``. To be removed at
the next major version, which need not load pickles of the one before.
"""

from skltsm.sktime._pretraining import RenamedTargets

__all__ = ["RenamedTargets"]
