"""A small materialized-path tree shared by categories and locations.

Each node stores `path`, the zero-padded ids from the root down to itself
("0000000001/0000000007/"), so "this node and everything below it" is one indexed
prefix query, and depth-first order is a sort on `path`.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr

PATH_STEP_WIDTH = 10


def path_step(pk: int) -> str:
    return f"{pk:0{PATH_STEP_WIDTH}d}/"


def depth_of(path: str) -> int:
    return path.count("/") - 1


class TreeNode(models.Model):
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField(max_length=255, editable=False, default="")
    depth = models.PositiveSmallIntegerField(editable=False, default=0)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        manager = type(self)._default_manager
        old_path = self.path
        if self.pk is None:
            # The path holds our own id, which the first insert gives us.
            super().save(*args, **kwargs)
            self.path = (self.parent.path if self.parent_id else "") + path_step(self.pk)
            self.depth = depth_of(self.path)
            manager.filter(pk=self.pk).update(path=self.path, depth=self.depth)
            return
        self.path = (self.parent.path if self.parent_id else "") + path_step(self.pk)
        self.depth = depth_of(self.path)
        super().save(*args, **kwargs)
        if old_path and old_path != self.path:
            # Re-root the whole subtree in one statement.
            manager.filter(path__startswith=old_path).exclude(pk=self.pk).update(
                path=Concat(Value(self.path), Substr("path", len(old_path) + 1)),
                depth=F("depth") + (self.depth - depth_of(old_path)),
            )

    def clean(self):
        super().clean()
        if self.parent_id and self.pk and self.parent.path.startswith(self.path or "\0"):
            raise ValidationError({"parent": "A node cannot be placed inside itself."})

    def descendants_and_self(self):
        return type(self)._default_manager.filter(path__startswith=self.path)

    def ancestor_ids(self) -> list[int]:
        return [int(step) for step in self.path.split("/") if step][:-1]

    def ancestors(self):
        return type(self)._default_manager.filter(pk__in=self.ancestor_ids()).order_by("depth")
