"""(to be written)"""


def build(world, records):
    return {}


def entries(records):
    return {}
