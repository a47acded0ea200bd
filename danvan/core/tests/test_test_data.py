"""The shared fixtures number rows as production does, so tests meet ids in the thousands."""

from danvan.accounts.models import User


def test_it_gives_every_unit_of_the_test_tree_an_id_above_one_thousand(tree, personas):
    assert all(unit.pk > 1000 for unit in tree.values())
    assert User.objects.filter(pk__lte=1000).count() == 0


def test_it_gives_each_table_its_own_range_so_ids_of_different_kinds_do_not_coincide(tree, personas):
    unit_ids = {unit.pk for unit in tree.values()}
    user_ids = set(User.objects.values_list("pk", flat=True))

    assert not unit_ids & user_ids
