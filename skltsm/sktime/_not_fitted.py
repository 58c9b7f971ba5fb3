"""scikit-learn's ``NotFittedError`` from skltsm's sktime estimators.

skbase's ``check_is_fitted``, which sktime calls before a forecast, raises
skbase's ``NotFittedError``; skltsm's errors are scikit-learn's types
(``docs/contract.md``), and ``except sklearn.exceptions.NotFittedError``
did not catch it. :class:`NotFittedError` derives from both, so that both
``except`` clauses catch it (sktime's own checks expect skbase's), and
:class:`RaisesSklearnNotFitted` raises it.
"""

from __future__ import annotations

from skbase._exceptions import NotFittedError as _SkbaseNotFittedError
from sklearn.exceptions import NotFittedError as _SklearnNotFittedError

__all__ = ["NotFittedError", "RaisesSklearnNotFitted"]


class NotFittedError(_SklearnNotFittedError, _SkbaseNotFittedError):
    """An estimator used before it was fitted: scikit-learn's and skbase's error.

    Examples
    --------
    >>> import sklearn.exceptions
    >>> issubclass(NotFittedError, sklearn.exceptions.NotFittedError)
    True
    """


class RaisesSklearnNotFitted:
    """Mixin of an skbase estimator: not fitted, it raises :class:`NotFittedError`.

    Put it left of the skbase (sktime) base class.
    """

    def check_is_fitted(self, method_name=None):
        """Check that the estimator is fitted (skbase's ``check_is_fitted``).

        Parameters
        ----------
        method_name : str, optional
            The method that called it, named in the message.

        Raises
        ------
        NotFittedError
            If it is not fitted: scikit-learn's ``NotFittedError`` and
            skbase's, with skbase's message.
        """
        try:
            super().check_is_fitted(method_name=method_name)
        except _SkbaseNotFittedError as error:
            if isinstance(error, NotFittedError):
                raise
            raise NotFittedError(str(error)) from None
