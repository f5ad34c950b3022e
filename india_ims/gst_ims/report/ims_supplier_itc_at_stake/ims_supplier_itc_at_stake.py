from india_ims.ims.returns.reports import supplier_stake


def execute(filters=None):
    return supplier_stake(filters)
