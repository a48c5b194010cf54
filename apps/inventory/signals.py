"""What inventory tells the apps above it, without knowing them (imports point down).

`movements_reversed` is sent by `movement_reverse` inside its transaction, after the
compensating lines are written and with the parts and stock records still locked:

    movements_reversed.send(sender=StockMovement, reversed=[...], reversals=[...], user=user)

A receiver keeps its own records in step with the ledger by calling its own service
(purchasing: a reversed receipt reopens its order). It runs in the same transaction: if
it raises, the reversal is rolled back with it. Receivers lock their own rows after the
parts (the lock order every stock write follows: parts, stock records, then theirs).
"""

from django.dispatch import Signal

movements_reversed = Signal()
